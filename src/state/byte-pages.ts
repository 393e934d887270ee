/**
 * The bytes of stored batches, packed one after another into fixed-size pages outside the JavaScript
 * heap; a batch may span pages. A page whose batches are all gone is kept for reuse, not handed to the
 * garbage collector: at the bound, batches come and go while the pages stay, so memory stays flat, and a
 * batch costs a copy instead of an off-heap buffer of its own that V8 must track and later sweep.
 */

const PAGE_SIZE = 1024 * 1024

interface Page {
  readonly bytes: Buffer
  /** Bytes on this page that belong to batches still stored. */
  live: number
}

/** Where a batch's bytes are: an absolute position in the run of pages, and a length. */
export interface Extent {
  readonly start: number
  readonly length: number
}

export class BytePages {
  /** Page number (position / PAGE_SIZE) → page. */
  private readonly pages = new Map<number, Page>()
  private readonly spare: Buffer[] = []
  /** Where the next batch goes; only grows (2^53 bytes is beyond any run). */
  private end = 0

  /** Copies `bytes` in; the extent reads them back until it is released. */
  append (bytes: Buffer): Extent {
    const extent = { start: this.end, length: bytes.length }
    this.spans(extent, (page, offset, n, done) => {
      page.bytes.set(n === bytes.length ? bytes : bytes.subarray(done, done + n), offset)
      page.live += n
    })
    this.end += bytes.length
    return extent
  }

  /** A copy of an extent's bytes (a view would change under its reader once its page is reused). */
  read (extent: Extent): Buffer {
    const copy = Buffer.allocUnsafe(extent.length)
    this.spans(extent, (page, offset, n, done) => page.bytes.copy(copy, done, offset, offset + n))
    return copy
  }

  /** Gives an extent's bytes up; a page left with none (and not being written to) becomes spare. */
  release (extent: Extent) {
    const writing = Math.floor(this.end / PAGE_SIZE)
    this.spans(extent, (page, _offset, n, _done, number) => {
      page.live -= n
      if (page.live === 0 && number !== writing) {
        this.pages.delete(number)
        this.spare.push(page.bytes)
      }
    })
  }

  /** Drops every page, spare ones too, for the garbage collector to take back (a full reset). */
  clear () {
    this.pages.clear()
    this.spare.length = 0
  }

  /** Bytes held in pages, in use or spare. */
  get capacity (): number {
    return (this.pages.size + this.spare.length) * PAGE_SIZE
  }

  private pageAt (number: number): Page {
    let page = this.pages.get(number)
    if (page === undefined) {
      page = { bytes: this.spare.pop() ?? Buffer.allocUnsafeSlow(PAGE_SIZE), live: 0 }
      this.pages.set(number, page)
    }
    return page
  }

  /** Calls `each` for every page an extent covers: where on the page, how many bytes, how many before. */
  private spans ({ start, length }: Extent, each: (page: Page, offset: number, n: number, done: number, number: number) => void) {
    for (let done = 0; done < length;) {
      const position = start + done
      const number = Math.floor(position / PAGE_SIZE)
      const offset = position % PAGE_SIZE
      const n = Math.min(length - done, PAGE_SIZE - offset)
      each(this.pageAt(number), offset, n, done, number)
      done += n
    }
  }
}
