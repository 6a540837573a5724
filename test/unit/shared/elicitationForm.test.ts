// The form a connector's elicitation request becomes, and the checks its answers
// go through on the host (sidebar and CLI alike): every field kind MCP forms
// allow, required fields, formats, ranges, choices by value or label.

import { strict as assert } from 'node:assert';
import { checkField, checkForm, formFields, formatFormValue, type FormField } from '../../../src/shared/elicitationForm';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', title: 'Name', description: 'Your full name', minLength: 2, maxLength: 20 },
    email: { type: 'string', format: 'email', title: 'Email' },
    site: { type: 'string', format: 'uri' },
    born: { type: 'string', format: 'date', title: 'Born' },
    at: { type: 'string', format: 'date-time', title: 'At' },
    age: { type: 'integer', title: 'Age', minimum: 1, maximum: 120, default: 30 },
    score: { type: 'number', title: 'Score', minimum: 0, maximum: 1 },
    ok: { type: 'boolean', title: 'Agree', default: false },
    friend: { type: 'string', title: 'Friend', enum: ['Monica', 'Ross'], default: 'Ross' },
    pet: { type: 'string', title: 'Pet', enum: ['pet-1', 'pet-2'], enumNames: ['Cats', 'Dogs'] },
    hero: { type: 'string', title: 'Hero', oneOf: [{ const: 'h1', title: 'Superman' }, { const: 'h2', title: 'Wonder Woman' }] },
    tools: { type: 'array', title: 'Tools', minItems: 1, maxItems: 2, items: { type: 'string', enum: ['Guitar', 'Piano', 'Drums'] }, default: ['Piano'] },
    fish: { type: 'array', title: 'Fish', items: { anyOf: [{ const: 'f1', title: 'Tuna' }, { const: 'f2', title: 'Trout' }] } },
  },
  required: ['name', 'email'],
};

describe('elicitation forms: schema to fields, answers checked', () => {
  const fields = formFields(schema);
  const field = (key: string) => fields.find((f) => f.key === key) as FormField;

  it('turns each property into a typed field, in order, with titles, defaults and required marks', () => {
    assert.deepEqual(fields.map((f) => [f.key, f.kind]), [
      ['name', 'text'], ['email', 'text'], ['site', 'text'], ['born', 'text'], ['at', 'text'], ['age', 'number'], ['score', 'number'], ['ok', 'boolean'],
      ['friend', 'choice'], ['pet', 'choice'], ['hero', 'choice'], ['tools', 'multi'], ['fish', 'multi'],
    ]);
    assert.deepEqual(field('name'), { key: 'name', title: 'Name', description: 'Your full name', required: true, kind: 'text', minLength: 2, maxLength: 20 });
    assert.equal(field('site').title, 'site', 'a field without a title is shown by its key');
    assert.deepEqual(field('age'), { key: 'age', title: 'Age', required: false, kind: 'number', integer: true, minimum: 1, maximum: 120, default: 30 });
    assert.deepEqual((field('pet') as Extract<FormField, { kind: 'choice' }>).options, [{ value: 'pet-1', label: 'Cats' }, { value: 'pet-2', label: 'Dogs' }]);
    assert.deepEqual((field('hero') as Extract<FormField, { kind: 'choice' }>).options[1], { value: 'h2', label: 'Wonder Woman' });
    assert.deepEqual((field('tools') as Extract<FormField, { kind: 'multi' }>).default, ['Piano']);
    assert.deepEqual((field('fish') as Extract<FormField, { kind: 'multi' }>).options.map((o) => o.label), ['Tuna', 'Trout']);
  });

  it('refuses a schema it cannot show, naming the field', () => {
    assert.throws(() => formFields({ properties: { where: { type: 'object' } } }), /field "where" has type "object"/);
    assert.throws(() => formFields({ properties: { tags: { type: 'array', items: { type: 'string' } } } }), /field "tags" is a list without a fixed set of choices/);
  });

  it('checks formats, lengths, ranges and choices with a sentence a person can act on', () => {
    const bad = (key: string, v: unknown) => {
      const r = checkField(field(key), v);
      assert.equal(r.ok, false, `${key}=${JSON.stringify(v)} should be refused`);
      return (r as { error: string }).error;
    };
    const good = (key: string, v: unknown) => {
      const r = checkField(field(key), v);
      assert.ok(r.ok, `${key}=${JSON.stringify(v)}: ${(r as { error?: string }).error}`);
      return r.value;
    };
    assert.equal(bad('name', ''), 'Name is required.');
    assert.equal(bad('name', 'A'), 'Name must be at least 2 characters.');
    assert.match(bad('email', 'ada-at-example'), /Email must be an email address/);
    assert.equal(good('email', ' ada@example.com '), 'ada@example.com');
    assert.match(bad('site', 'example.com'), /must be a web address/);
    assert.equal(good('site', 'https://example.com/x'), 'https://example.com/x');
    assert.match(bad('born', '2026-02-30'), /must be a date as YYYY-MM-DD/);
    assert.equal(good('born', '1815-12-10'), '1815-12-10');
    assert.match(bad('at', '2026-12-02 09:30'), /date and time/);
    assert.equal(good('at', '2026-12-02T09:30:00Z'), '2026-12-02T09:30:00Z');
    assert.equal(bad('age', '500'), 'Age must be at most 120.');
    assert.equal(bad('age', '0'), 'Age must be at least 1.');
    assert.equal(bad('age', '7.5'), 'Age must be a whole number.');
    assert.equal(bad('age', 'seven'), 'Age must be a number.');
    assert.equal(good('age', '7'), 7);
    assert.equal(good('score', 0.25), 0.25);
    assert.equal(good('ok', 'yes'), true);
    assert.equal(good('ok', false), false);
    assert.equal(bad('ok', 'maybe'), 'Agree must be yes or no.');
    assert.equal(good('pet', 'dogs'), 'pet-2', 'a choice by its label, any case');
    assert.equal(good('hero', 'h1'), 'h1');
    assert.equal(bad('friend', 'Joey'), 'Friend must be one of: Monica, Ross.');
    assert.deepEqual(good('tools', 'Guitar, drums'), ['Guitar', 'Drums']);
    assert.equal(bad('tools', ['Guitar', 'Piano', 'Drums']), 'Tools: choose at most 2.');
    assert.match(bad('tools', ['Harp']), /"Harp" is not one of Guitar, Piano, Drums/);
    assert.equal(good('score', ''), undefined, 'an empty optional field is left out');
  });

  it('checks a whole answer: every wrong field named, values typed, unknown keys dropped', () => {
    const wrong = checkForm(fields, { name: 'Ada', email: 'nope', age: '500', extra: 'x' });
    assert.equal(wrong.ok, false);
    assert.deepEqual(Object.keys((wrong as { errors: object }).errors).sort(), ['age', 'email']);
    const right = checkForm(fields, { name: 'Ada', email: 'ada@example.com', age: '36', ok: true, pet: 'pet-1', tools: ['Piano'], extra: 'x' });
    assert.deepEqual(right, { ok: true, values: { name: 'Ada', email: 'ada@example.com', age: 36, ok: true, pet: 'pet-1', tools: ['Piano'] } });
    assert.equal(formatFormValue(field('pet'), 'pet-1'), 'Cats');
    assert.equal(formatFormValue(field('ok'), true), 'yes');
  });
});
