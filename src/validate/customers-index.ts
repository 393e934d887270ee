/**
 * `validate --customers FILE`: a transactions or events export checked against the customers export it
 * follows, entry by entry as Masivo's queue applies them in file order (src/state/store.ts), by the queue's
 * own rule and words (src/state/amounts.ts): an entry of a customer the export lacks is rejected; a
 * customer's transactions are applied once, when their sums per reward match its migrated balance. The
 * customers export is read first, each customer kept as its id and its balance's exact sums (memory grows
 * with the customers, not with the transactions). A customer whose transactions are split over several
 * records that match only together is said at the end: the queue takes each record alone.
 */
import type { FileHandle } from 'node:fs/promises'
import type { BatchKind } from '../../schemas/migrate.js'
import { ExactSum, mismatchOf } from '../state/amounts.js'
import type { CheckedChunk, InputFailure } from './check-records.js'
import { ChunkBuffers, fileBytes, readRecords } from './read-records.js'
import type { FileViolation } from './tally.js'
import { WorkerPool } from './worker-pool.js'

/** keptBalance's array from its text (check-records.ts joins it): "reward exact reward exact ...". */
const keptFrom = (text: string): string[] => text === '' ? [] : text.split(' ')

/** The same text as exact sums by reward. */
const sumsFrom = (text: string): Map<string, ExactSum> => {
  const sums = new Map<string, ExactSum>()
  const kept = keptFrom(text)
  for (let i = 0; i < kept.length; i += 2) sums.set(kept[i]!, ExactSum.of(kept[i + 1]!))
  return sums
}

/** A customer whose transactions did not match in the records seen so far: where they are, and their sums together. */
interface Unmatched {
  places: number[]
  sums: Map<string, ExactSum>
}

export class CustomersIndex {
  /** Customer ids whose transactions were applied (the queue takes them once). */
  private readonly applied = new Set<string>()
  private readonly unmatched = new Map<string, Unmatched>()

  private constructor (
    /** Each customer's balance, as keptBalance's text. */
    private readonly balances: ReadonlyMap<string, string>,
    /** The customers export, as the messages name it. */
    readonly source: string
  ) {}

  /** How many customers it holds. */
  get size () {
    return this.balances.size
  }

  /**
   * Reads the customers export at `handle` (closed at the end) on `jobs` threads: the last record of an id
   * wins, as a later batch updates a customer. Throws what readRecords throws; a record that is not JSON ends
   * it with that failure's words.
   */
  static async load (handle: FileHandle, source: string, jobs: number): Promise<CustomersIndex | { failure: string }> {
    const balances = new Map<string, string>()
    const buffers = new ChunkBuffers()
    const pool = new WorkerPool(jobs, 'customers', true)
    const inFlight: Promise<CheckedChunk>[] = []
    /** Takes results in file order until at most `kept` chunks are in flight; the first failure met, if any. */
    const takeUntil = async (kept: number): Promise<InputFailure | undefined> => {
      while (inFlight.length > kept) {
        const checked = await inFlight.shift()!
        const { ids, sums } = checked.extracted!
        for (let r = 0; r < checked.count; r++) if (ids[r] !== '') balances.set(ids[r]!, sums[r]!)
        buffers.give(checked.bytes)
        if (checked.failure !== undefined) return checked.failure
      }
      return undefined
    }
    const said = ({ message, line, column }: InputFailure) => ({ failure: `--customers ${source}: ${message} at line ${line}, column ${column}` })
    try {
      for await (const item of readRecords(fileBytes(handle), { buffers })) {
        // the records before a failure are taken first: one of them may hold an earlier one
        if ('failure' in item) return said(await takeUntil(0) ?? item.failure)
        const checked = pool.check(item.chunk)
        checked.catch(() => {}) // awaited in turn; not an unhandled rejection if the reading stops first
        inFlight.push(checked)
        const failure = await takeUntil(2 * jobs - 1)
        if (failure !== undefined) return said(failure)
      }
      const failure = await takeUntil(0)
      return failure === undefined ? new CustomersIndex(balances, source) : said(failure)
    } finally {
      await pool.close()
    }
  }

  /** What the queue would do with an entry (its id, its transactions' sums) at `place`: the violations it means. */
  check (kind: BatchKind, id: string, sums: string, place: number): FileViolation[] {
    const balance = this.balances.get(id)
    if (balance === undefined) {
      return [{ place, path: '/id', rule: 'unknownCustomer', message: `is no customer of ${this.source}: the queue rejects the entry of a customer never migrated` }]
    }
    if (kind !== 'transactions' || this.applied.has(id)) return [] // a second record: duplicateId says so
    const entrySums = sumsFrom(sums)
    const why = mismatchOf(keptFrom(balance), entrySums)
    if (why === undefined) {
      this.applied.add(id)
      this.unmatched.delete(id)
      return []
    }
    const unmatched = this.unmatched.get(id)
    if (unmatched === undefined) this.unmatched.set(id, { places: [place], sums: entrySums })
    else {
      unmatched.places.push(place)
      for (const [reward, sum] of entrySums) {
        const together = unmatched.sums.get(reward)
        if (together === undefined) unmatched.sums.set(reward, sum)
        else together.plus(sum)
      }
    }
    return [{ place, path: '/transactions', rule: 'balanceMismatch', message: why }]
  }

  /** At the end: the customers whose transactions, split over several records, would match together. */
  splits (where: (place: number) => string): FileViolation[] {
    const found: FileViolation[] = []
    for (const [id, { places, sums }] of this.unmatched) {
      if (places.length < 2 || mismatchOf(keptFrom(this.balances.get(id)!), sums) !== undefined) continue
      const message = `holds part of customer ${id}'s transactions, split over ${places.map(where).join(', ')}: together they match its balance, but the queue takes each record alone and rejects it; send them as one record`
      for (const place of places) found.push({ place, path: '/transactions', rule: 'splitTransactions', message })
    }
    return found
  }
}
