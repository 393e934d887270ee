/**
 * The migration story (docs/endpoints.md, "The whole story, with curl"): its curl commands, run as written
 * against a mock started as the page says, answer what the page shows, ids and times aside.
 */
import t from 'tap'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { listening } from './helper.js'

const run = promisify(execFile)
const readme = readFileSync(new URL('../docs/endpoints.md', import.meta.url), 'utf8')
const story = readme.slice(readme.indexOf('<!-- story:start -->'), readme.indexOf('<!-- story:end -->'))
const steps = [...story.matchAll(/```sh\n([\s\S]*?)\n```\n```json\n([\s\S]*?)\n```/g)].map(([, command, answer]) => ({ command: command!, answer: answer! }))

/** What differs from run to run: batch ids and times. */
const VARYING = new Set(['batch_id', 'received_at', 'processed_at'])
const steady = (value: unknown, key = ''): unknown => {
  if (VARYING.has(key) && typeof value === 'string') return `<${key}>`
  if (Array.isArray(value)) return value.map((item) => steady(item))
  if (typeof value !== 'object' || value === null) return value
  const object = value as Record<string, unknown>
  // a batch's own id varies too
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, k === 'id' && 'kind' in object ? '<batch id>' : steady(v, k)]))
}

t.test('the story runs from its page as written', async (t) => {
  t.ok(readme.includes('`npm start -- --queue-delay-ms 60000`'), 'the page says how the mock is started')
  t.equal(steps.length, 11, 'every step found')
  const { port } = await listening(t, { QUEUE_DELAY_MS: '60000' })
  for (const { command, answer } of steps) {
    t.match(command, /^curl -s /)
    const { stdout } = await run('bash', ['-c', command.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`)])
    t.same(steady(JSON.parse(stdout)), steady(JSON.parse(answer)), command.split('\n')[0]!)
  }
})
