/** The summary's ranking of problems: bounded however many distinct problems a file has. */
import t from 'tap'
import { MAX_PROBLEMS, Tally } from '../../src/validate/tally.js'

t.test('distinct problems past MAX_PROBLEMS are counted, not ranked: memory stays bounded', async (t) => {
  const tally = new Tally('line')
  for (let line = 1; line <= MAX_PROBLEMS + 5; line++) {
    tally.count({ place: line, path: `/field_${line}`, rule: 'unknownField', message: 'is not a field Masivo documents' })
  }
  tally.count({ place: 1, path: '/field_1', rule: 'unknownField', message: 'is not a field Masivo documents' })
  tally.records = MAX_PROBLEMS + 5
  tally.invalid = MAX_PROBLEMS + 5
  const summary = tally.summary({ source: 'export.ndjson', format: 'ndjson', kind: 'customers', seconds: 1 })
  t.match(summary, `  unknownField  ${(MAX_PROBLEMS + 6).toLocaleString('en-US')}\n`, 'every violation counted by rule')
  t.match(summary, /The 10 most frequent problems, with an example of each:\n {2}2 × unknownField at \/field_1\n/)
  t.match(summary, '  (5 violations of problems past the first 10,000 distinct ones are counted above, not ranked)\n')
})
