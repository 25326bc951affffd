export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PrometheusFamily {
  name: string;
  type: string;
  help: string;
  samples: PrometheusSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const LABEL = new RegExp(`^(${LABEL_NAME})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"(,|$)`);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

/** Values as Prometheus reads them (Go's ParseFloat): NaN and Inf in any case, as prom-client writes `Nan`. */
function parseValue(raw: string, line: number): number {
  if (/^nan$/i.test(raw)) return Number.NaN;
  const infinite = /^([-+]?)inf(inity)?$/i.exec(raw);
  if (infinite) return infinite[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`line ${line}: "${raw}" is not a sample value`);
  return Number(raw);
}

function parseLabels(raw: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = raw;
  while (rest !== '') {
    const match = LABEL.exec(rest);
    if (!match) throw new Error(`line ${line}: malformed labels {${raw}}`);
    if (match[1] in labels) throw new Error(`line ${line}: label ${match[1]} twice`);
    labels[match[1]] = match[2].replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(match[0].length);
  }
  return labels;
}

/**
 * Parses the Prometheus text exposition format (0.0.4) strictly: every sample must belong to a family
 * declared by `# TYPE` before it, names and labels must be well-formed. Throws on the first bad line.
 */
export function parsePrometheusText(text: string): Map<string, PrometheusFamily> {
  const families = new Map<string, PrometheusFamily>();
  const familyOf = (sampleName: string): PrometheusFamily | undefined => {
    const exact = families.get(sampleName);
    if (exact && !SUFFIXES[exact.type]) return exact;
    for (const family of families.values()) {
      if ((SUFFIXES[family.type] ?? []).some((suffix) => sampleName === family.name + suffix)) return family;
    }
    return exact;
  };
  text.split('\n').forEach((content, index) => {
    const line = index + 1;
    if (content === '') return;
    if (content.startsWith('#')) {
      const meta = new RegExp(`^# (HELP|TYPE) (${NAME}) ?(.*)$`).exec(content);
      if (!meta) return;
      const [, kind, name, rest] = meta;
      const family = families.get(name) ?? { name, type: 'untyped', help: '', samples: [] };
      families.set(name, family);
      if (kind === 'HELP') family.help = rest;
      else if (!TYPES.has(rest)) throw new Error(`line ${line}: unknown metric type "${rest}"`);
      else family.type = rest;
      return;
    }
    const sample = SAMPLE.exec(content);
    if (!sample) throw new Error(`line ${line}: not a sample: ${content}`);
    const family = familyOf(sample[1]);
    if (!family) throw new Error(`line ${line}: sample ${sample[1]} has no # TYPE before it`);
    family.samples.push({ name: sample[1], labels: parseLabels(sample[2] ?? '', line), value: parseValue(sample[3], line) });
  });
  return families;
}
