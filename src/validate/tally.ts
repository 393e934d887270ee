/**
 * What `validate` counts as it goes, and says: the progress line (a terminal's only), the report's lines
 * (`--report`: one JSON object per violation) and the summary at the end.
 */
import type { Violation } from '../validation/violations.js'
import type { InputFormat } from './check-records.js'
import { count } from '../words.js'

/** Where a record is: its line (NDJSON, from 1) or its index in the array (from 0). */
export type PlaceKind = 'line' | 'index'

/** A violation of the file, as the report writes it. */
export interface FileViolation extends Violation {
  place: number
  /** A repeat's first occurrence. */
  first?: number
}

const TOP_PROBLEMS = 10

/** Distinct problems ranked at most: unknown fields' names could otherwise make one per record. */
export const MAX_PROBLEMS = 10_000

/** A problem: a rule at a path, its array indexes generalized (`/balance/*\/amount`). */
const problemOf = (violation: Violation) => `${violation.rule} at ${violation.path.replace(/\/\d+(?=\/|$)/g, '/*') || '(the record)'}`

export class Tally {
  records = 0
  invalid = 0
  violations = 0
  readonly byRule = new Map<string, number>()
  private readonly problems = new Map<string, { count: number, example: FileViolation }>()
  /** Violations of problems first seen past MAX_PROBLEMS distinct ones: counted, not ranked. */
  private unranked = 0

  constructor (readonly placeKind: PlaceKind) {}

  /** "line 12" or "index 11". */
  where (place: number) {
    return `${this.placeKind} ${place}`
  }

  count (violation: FileViolation) {
    this.violations++
    this.byRule.set(violation.rule, (this.byRule.get(violation.rule) ?? 0) + 1)
    const problem = problemOf(violation)
    const seen = this.problems.get(problem)
    if (seen !== undefined) seen.count++
    else if (this.problems.size < MAX_PROBLEMS) this.problems.set(problem, { count: 1, example: violation })
    else this.unranked++
  }

  /** The report's line for a violation. */
  reportLine (violation: FileViolation): string {
    const { place, first, path, rule, message } = violation
    const line: Record<string, unknown> = { [this.placeKind]: place, path, rule, message }
    if (first !== undefined) line[`first_${this.placeKind}`] = first
    return `${JSON.stringify(line)}\n`
  }

  /** The summary, for a person: counts, violations by rule, the most frequent problems with an example each. */
  summary (what: { source: string, format: InputFormat, kind: string, seconds: number, stoppedAt?: number, split?: { folder: string, files: number }, interrupted?: boolean, customers?: { source: string, count: number } }): string {
    const n = (value: number) => value.toLocaleString('en-US')
    const valid = this.records - this.invalid
    const lines = [
      `${what.source} (${FORMAT_NAMES[what.format]}, ${what.kind}): ${count(this.records, 'record', 'records', n)} read in ${what.seconds.toFixed(1)} s (${n(Math.round(this.records / Math.max(what.seconds, 0.001)))} records/s)`,
      `  valid       ${n(valid)}`,
      `  invalid     ${n(this.invalid)}`,
      `  violations  ${n(this.violations)}`
    ]
    if (what.customers !== undefined) lines.push(`  checked against ${count(what.customers.count, 'customer', 'customers', n)} of ${what.customers.source}, as the queue would apply them`)
    if (what.stoppedAt !== undefined) lines.push(`  stopped at ${this.where(what.stoppedAt)}: --max-violations reached; the rest of the file was not read`)
    if (what.interrupted === true) lines.push(`  interrupted (SIGINT) after ${count(this.records, 'record', 'records', n)}: the rest of the file was not read; what was read is reported and written whole`)
    if (this.byRule.size > 0) {
      lines.push('', 'Violations by rule:')
      const rules = [...this.byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      const width = Math.max(...rules.map(([rule]) => rule.length))
      for (const [rule, times] of rules) lines.push(`  ${rule.padEnd(width)}  ${n(times)}`)
      const shown = Math.min(TOP_PROBLEMS, this.problems.size)
      lines.push('', shown === 1 ? 'The problem, with an example:' : `The ${shown} most frequent problems, with an example of each:`)
      const top = [...this.problems].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])).slice(0, TOP_PROBLEMS)
      for (const [problem, { count: times, example }] of top) {
        lines.push(`  ${n(times)} × ${problem}`, `      e.g. ${this.where(example.place)}: ${example.path || '(the record)'} ${example.message}`)
      }
      if (this.unranked > 0) lines.push(`  (${count(this.unranked, 'violation', 'violations', n)} of problems past the first ${n(MAX_PROBLEMS)} distinct ones are counted above, not ranked)`)
    }
    if (what.split !== undefined) lines.push('', `${count(what.split.files, 'batch file', 'batch files', n)} of valid records written to ${what.split.folder}`)
    return `${lines.join('\n')}\n`
  }

  /** The progress line: bytes read (of how many), records a second, violations so far. */
  progress (bytes: number, total: number | undefined, seconds: number): string {
    const mb = (value: number) => (value / 1e6).toFixed(1)
    const read = total === undefined ? `${mb(bytes)} MB read` : `${mb(bytes)} of ${mb(total)} MB (${Math.floor(100 * bytes / Math.max(total, 1))} %)`
    return `${read} · ${Math.round(this.records / Math.max(seconds, 0.001)).toLocaleString('en-US')} records/s · ${count(this.violations, 'violation', 'violations', (v) => v.toLocaleString('en-US'))}`
  }
}

const FORMAT_NAMES: Record<InputFormat, string> = { ndjson: 'NDJSON', array: 'JSON array', body: 'JSON body' }
