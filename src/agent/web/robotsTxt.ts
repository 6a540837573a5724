// robots.txt as RFC 9309 reads it: the group for our product token ("cowork"),
// else the `*` group; the longest matching allow/disallow rule wins, allow on a tie;
// `*` matches any run of characters and a final `$` anchors the end.

export const ROBOTS_TOKEN = 'cowork';

interface Rule {
  allow: boolean;
  pattern: string;
  regex: RegExp;
}

export class RobotsRules {
  private constructor(private readonly rules: Rule[]) {}

  /** Everything allowed (no robots.txt, or a 4xx for it). */
  static allowAll(): RobotsRules {
    return new RobotsRules([]);
  }

  /** Nothing allowed (robots.txt unreachable: RFC 9309 says assume complete disallow). */
  static disallowAll(): RobotsRules {
    return new RobotsRules([{ allow: false, pattern: '/', regex: /^\// }]);
  }

  static parse(text: string, token = ROBOTS_TOKEN): RobotsRules {
    const groups: { agents: string[]; rules: Rule[] }[] = [];
    let current: { agents: string[]; rules: Rule[] } | undefined;
    let lastWasAgent = false;
    for (const rawLine of text.split(/\r\n|\r|\n/)) {
      const line = rawLine.replace(/#.*$/, '').trim();
      const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
      if (!m) continue;
      const key = m[1].toLowerCase();
      const value = m[2].trim();
      if (key === 'user-agent') {
        if (!current || !lastWasAgent) groups.push((current = { agents: [], rules: [] }));
        current.agents.push(value.toLowerCase());
        lastWasAgent = true;
        continue;
      }
      lastWasAgent = false;
      if ((key === 'allow' || key === 'disallow') && current) {
        if (key === 'disallow' && value === '') continue; // "Disallow:" with nothing allows all
        current.rules.push({ allow: key === 'allow', pattern: value, regex: patternRegex(value) });
      }
    }
    const ours = groups.filter((g) => g.agents.includes(token.toLowerCase()));
    const chosen = ours.length > 0 ? ours : groups.filter((g) => g.agents.includes('*'));
    return new RobotsRules(chosen.flatMap((g) => g.rules));
  }

  /** Whether a path (with its query) may be fetched. */
  allows(pathAndQuery: string): boolean {
    let best: Rule | undefined;
    for (const rule of this.rules) {
      if (!rule.regex.test(pathAndQuery)) continue;
      if (!best || rule.pattern.length > best.pattern.length || (rule.pattern.length === best.pattern.length && rule.allow)) best = rule;
    }
    return best?.allow ?? true;
  }
}

function patternRegex(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => encodePath(part).replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}

/** Rules and paths are compared percent-encoded, as RFC 9309 asks. */
function encodePath(part: string): string {
  try {
    return encodeURI(decodeURI(part));
  } catch {
    return part;
  }
}
