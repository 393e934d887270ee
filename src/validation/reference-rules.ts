/**
 * The rules of reference data (schemas/reference.ts) that its schema cannot say: each id once in its list
 * (reward and tier ids, being UUIDs, in either case), and a reward's brand one of the brands, when brands
 * are given.
 */
import type { ReferenceData } from '../../schemas/reference.js'
import { pointerOf, type Violation } from './violations.js'

const duplicates = (list: readonly { id: string }[] | undefined, name: string, key: (id: string) => string, at: readonly string[], out: Violation[]) => {
  const seen = new Set<string>()
  list?.forEach(({ id }, index) => {
    if (seen.has(key(id))) out.push({ path: pointerOf([...at, name, index, 'id']), rule: 'duplicateId', message: `is the id of an earlier item of ${name}` })
    seen.add(key(id))
  })
}

const lower = (id: string) => id.toLowerCase()

/** `at`: the pointer tokens of the data in its document (an account's key in a file; none in a request body). */
export const referenceViolations = (data: ReferenceData, at: readonly string[] = []): Violation[] => {
  const out: Violation[] = []
  duplicates(data.rewards, 'rewards', lower, at, out)
  duplicates(data.tiers, 'tiers', lower, at, out)
  duplicates(data.brands, 'brands', (id) => id, at, out)
  if (data.brands !== undefined) {
    const brands = new Set(data.brands.map(({ id }) => id))
    data.rewards?.forEach(({ brand_id: brand }, index) => {
      if (typeof brand === 'string' && !brands.has(brand)) {
        out.push({ path: pointerOf([...at, 'rewards', index, 'brand_id']), rule: 'unknownBrand', message: 'is not the id of one of brands' })
      }
    })
  }
  return out
}
