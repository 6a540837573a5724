// Glob patterns compiled to regular expressions. Written here because the guest
// runs on Node 20, which has no fs.glob. Supports `**` (any depth, including
// none), `*`, `?`, `[abc]`/`[!abc]` and `{a,b}`; dotfiles match like any name.

export function globToRegExp(pattern: string): RegExp {
  let re = '';
  let i = 0;
  let braceDepth = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atSegmentStart = i === 0 || pattern[i - 1] === '/';
        const next = pattern[i + 2];
        if (atSegmentStart && next === '/') {
          re += '(?:.*/)?';
          i += 3;
          continue;
        }
        if (atSegmentStart && next === undefined) {
          re += '.*';
          i += 2;
          continue;
        }
      }
      re += '[^/]*';
      i += pattern[i + 1] === '*' ? 2 : 1;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
        i++;
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      body = body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]');
      re += negate ? `[^/${body}]` : `[${body}]`;
      i = close + 1;
    } else if (c === '{') {
      braceDepth++;
      re += '(?:';
      i++;
    } else if (c === '}' && braceDepth > 0) {
      braceDepth--;
      re += ')';
      i++;
    } else if (c === ',' && braceDepth > 0) {
      re += '|';
      i++;
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += escapeChar(pattern[i + 1]);
      i += 2;
    } else {
      re += escapeChar(c);
      i++;
    }
  }
  if (braceDepth > 0) throw new Error(`unbalanced '{' in glob ${JSON.stringify(pattern)}`);
  return new RegExp(`^${re}$`);
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

/** Patterns without a slash match the basename at any depth, as in .gitignore-style tools. */
export function compileGlob(pattern: string): (relPath: string) => boolean {
  const re = globToRegExp(pattern.includes('/') ? pattern.replace(/^\.\//, '') : `**/${pattern}`);
  return (relPath) => re.test(relPath);
}
