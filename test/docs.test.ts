/**
 * The README and the guides under docs/: every relative link reaches a file of the repository, and every
 * anchor a heading of its page (GitHub's anchors); every guide is linked from the README and links back;
 * the README stays a first page (at most 300 lines).
 */
import t from 'tap'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const guides = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)
const pages = ['README.md', ...guides]
const read = (page: string) => readFileSync(join(ROOT, page), 'utf8')

/** The page's text outside fenced code blocks, where a `](` is code, not a link. */
const prose = (markdown: string): string => markdown.split(/^```.*$/m).filter((_, i) => i % 2 === 0).join('\n')

/** GitHub's anchor of each heading: lower case, punctuation dropped, each space a hyphen; a repeat numbered. */
const anchorsOf = (markdown: string): Set<string> => {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const [, text] of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = text!.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')
    const times = seen.get(slug) ?? 0
    seen.set(slug, times + 1)
    anchors.add(times === 0 ? slug : `${slug}-${times}`)
  }
  return anchors
}

t.test('every relative link reaches a file, and every anchor a heading', async (t) => {
  const broken: string[] = []
  let links = 0
  for (const page of pages) {
    for (const [, target] of prose(read(page)).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?|mailto):/.test(target!)) continue
      links++
      const [path = '', anchor] = target!.split('#')
      const file = path === '' ? page : relative(ROOT, join(ROOT, dirname(page), path))
      if (file.startsWith('..') || !existsSync(join(ROOT, file))) broken.push(`${page}: ${target} (no such file)`)
      else if (anchor !== undefined && !anchorsOf(read(file)).has(anchor)) broken.push(`${page}: ${target} (no such heading)`)
    }
  }
  t.same(broken, [], `${links} links checked`)
})

t.test('every guide is linked from the README and links back; the README is at most 300 lines', async (t) => {
  const readme = read('README.md')
  for (const guide of guides) {
    t.ok(readme.includes(`](${guide})`), `README links ${guide}`)
    t.ok(read(guide).includes('](../README.md)'), `${guide} links the README`)
  }
  t.ok(readme.split('\n').length <= 300, `README: ${readme.split('\n').length} lines`)
})
