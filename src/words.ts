/** Numbers in sentences, agreeing in number: "1 batch", "2 batches", "1,000 records". */

/** `n` and its noun, singular for 1 and plural otherwise (`plural` for irregular ones); `format` writes the number. */
export const count = (n: number, noun: string, plural = `${noun}s`, format: (n: number) => string = String): string =>
  `${format(n)} ${n === 1 ? noun : plural}`
