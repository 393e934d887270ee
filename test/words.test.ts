/** Numbers in sentences agree with their nouns. */
import t from 'tap'
import { count } from '../src/words.js'

t.test('one is singular, every other number plural; irregular plurals and formatted numbers', async (t) => {
  t.equal(count(1, 'batch', 'batches'), '1 batch')
  t.equal(count(2, 'batch', 'batches'), '2 batches')
  t.equal(count(0, 'record'), '0 records')
  t.equal(count(1, 'entry', 'entries'), '1 entry')
  t.equal(count(1000, 'record', 'records', (n) => n.toLocaleString('en-US')), '1,000 records')
})
