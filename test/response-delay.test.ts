/** RESPONSE_DELAY_MS: every migrate response, slower, for timeout tests. */
import t from 'tap'
import { admin, build, migrate } from './helper.js'

t.test('adds a fixed delay to every migrate response, and only those', async (t) => {
  const { app } = await build(t, { RESPONSE_DELAY_MS: '200' })
  for (const send of [() => migrate(app), () => migrate(app, 'x'), () => migrate(app, undefined, { headers: { authorization: '' } })]) {
    const began = performance.now()
    await send()
    t.ok(performance.now() - began >= 190)
  }
  const began = performance.now()
  await admin(app, '/__admin/stats')
  t.ok(performance.now() - began < 150, 'not /__admin')
})
