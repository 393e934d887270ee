// The dashboard: a page of the mock's own, over its admin API (/__admin) and its event stream. No library,
// no build: DOM calls and fetch. Everything a client sent is shown as text, never parsed as HTML.
const ADMIN = '/__admin'
const MAX_ROWS = 200

/** The account the page looks at; the credential stays in this page's memory only. */
const scope = { kind: '', value: '' }

const h = (tag, attributes = {}, ...children) => {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) element.append(child instanceof Node ? child : String(child))
  return element
}

const headersOf = () => {
  if (scope.kind === 'token') return { authorization: `Bearer ${scope.value}` }
  if (scope.kind === 'apiKey') return { 'x-api-key': scope.value }
  return {}
}

const urlOf = (path, query = {}) => {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(name, value)
  if (scope.kind === 'account') search.set('account', scope.value)
  const text = search.toString()
  return `${ADMIN}${path}${text === '' ? '' : `?${text}`}`
}

/** An admin call: the parsed answer, or an Error carrying the mock's own sentence. */
const api = async (path, { query, method = 'GET', body, text = false } = {}) => {
  const headers = headersOf()
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(urlOf(path, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const raw = await response.text()
  if (!response.ok) {
    let details = raw
    try { details = JSON.parse(raw).details } catch {}
    const error = new Error(`${response.status}: ${details}`)
    error.status = response.status
    throw error
  }
  if (text) return raw
  return raw === '' ? undefined : JSON.parse(raw)
}

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : '')
const statusClass = (status) => (status === null ? 'bad' : status < 300 ? 'ok' : 'bad')
const outcomeClass = (outcome) => (outcome === 'rejected' ? 'bad' : outcome === 'queued' ? 'pending' : 'ok')
/** "1 entry", "2 entries": a number and its noun, agreeing (src/words.ts says the same for the server). */
const count = (n, noun, plural = `${noun}s`) => `${n} ${n === 1 ? noun : plural}`
const short = (id) => (id.length > 13 ? `${id.slice(0, 8)}…` : id)
/** "1 of 3 rejected" for a processed batch with rejected entries (outcomes as /__admin counts them); undefined otherwise. */
const rejectedText = (outcomes) => {
  if (outcomes === null || outcomes === undefined || outcomes.rejected === 0) return undefined
  return `${outcomes.rejected} of ${Object.values(outcomes).reduce((a, b) => a + b, 0)} rejected`
}
/** A status, and beside it, in a colour and in words, what the queue rejected: "202 · 1 of 3 rejected". */
const withRejected = (status, outcomes) => {
  const rejected = rejectedText(outcomes)
  return rejected === undefined ? [String(status)] : [String(status), ' · ', h('span', { class: 'bad', 'data-rejected': outcomes.rejected }, rejected)]
}
/** A value as a URL path segment; a lone surrogate (which the API refuses, and no URL can hold) as U+FFFD rather than an exception. */
const segment = (value) => encodeURIComponent(String(value).toWellFormed())

const view = () => document.getElementById('view')

const show = (...children) => {
  const main = view()
  main.replaceChildren(...children)
}

const failure = (error) => h('p', { role: 'alert', class: 'bad' }, String(error.message ?? error))

// ---- stats -------------------------------------------------------------------------------------

const STATS = [
  ['batches', 'Batches'], ['queued_batches', 'Queued'], ['customers', 'Customers'], ['requests', 'Requests'],
  ['rejected_entries', 'Rejected entries'], ['evicted_batches', 'Evicted batches'], ['evicted_requests', 'Evicted requests']
]

/** A stat's value: a number, or (rejected entries by kind) their sum. */
const statValue = (value) => (typeof value === 'object' && value !== null ? Object.values(value).reduce((a, b) => a + b, 0) : value)

const refreshStats = async () => {
  try {
    const stats = await api('/stats')
    document.getElementById('stats').replaceChildren(h('dl', {}, STATS.map(([key, label]) =>
      h('div', {}, h('dt', {}, label), h('dd', { 'data-stat': key }, statValue(stats[key]))))))
  } catch (error) {
    document.getElementById('stats').replaceChildren(failure(error))
  }
}

let statsTimer
const statsSoon = () => {
  clearTimeout(statsTimer)
  statsTimer = setTimeout(refreshStats, 150)
}

// ---- views ----------------------------------------------------------------------------------------

const ENDPOINTS = [
  ['', 'every endpoint'],
  ['/api/storefront/v1/customers/migrate', 'migrate customers'],
  ['/api/storefront/v1/customers/migrate/transactions', 'migrate transactions'],
  ['/api/storefront/v1/customers/migrate/events', 'migrate events'],
  ['/api/storefront/v1/customers/', 'read a customer'],
  ['/api/storefront/v1/auth/authorize', 'authorize']
]

const requestFilters = { status: '', account: '', endpoint: '' }

const endpointMatches = (path) => {
  const wanted = requestFilters.endpoint
  if (wanted === '') return true
  if (wanted.endsWith('/customers/')) return path.startsWith(wanted) && !path.includes('/migrate')
  return path === wanted
}

const requestRow = (r) => h('tr', {},
  h('td', {}, time(r.received_at)),
  h('td', {}, r.method),
  h('td', {}, r.path),
  h('td', { class: statusClass(r.status) }, r.status === null ? `no answer (${r.fault})` : withRejected(r.status, r.batch_outcomes)),
  h('td', {}, r.account ?? '—'),
  h('td', { class: r.batch_id ? 'id' : 'long' }, r.batch_id
    ? h('a', { href: `#/batches/${r.batch_id}` }, `batch ${short(r.batch_id)}`)
    : h('a', { href: `#/requests/${segment(r.id)}` }, r.details ?? 'details')))

let requestRows = []

const renderRequestTable = () => {
  const rows = requestRows.filter((r) => endpointMatches(r.path))
  const table = document.getElementById('requests-table')
  if (table === null) return
  table.querySelector('tbody').replaceChildren(...rows.map(requestRow))
  document.getElementById('requests-count').textContent = `${rows.length} shown`
}

const requestsView = async () => {
  const field = (name, label, control) => h('label', {}, label, control)
  const status = h('input', { id: 'filter-status', inputmode: 'numeric', size: 5, value: requestFilters.status, placeholder: 'any' })
  const account = h('input', { id: 'filter-account', size: 14, value: requestFilters.account, placeholder: 'any' })
  const endpoint = h('select', { id: 'filter-endpoint' }, ENDPOINTS.map(([value, label]) => h('option', { value, selected: value === requestFilters.endpoint }, label)))
  const apply = async (event) => {
    event?.preventDefault()
    requestFilters.status = status.value.trim()
    requestFilters.account = account.value.trim()
    requestFilters.endpoint = endpoint.value
    await loadRequests()
  }
  endpoint.addEventListener('change', apply)
  show(
    h('h2', {}, 'Requests to the emulated API'),
    h('form', { class: 'filters', onsubmit: apply, 'aria-label': 'Filter requests' },
      field('status', 'Status', status), field('account', 'Account', account), field('endpoint', 'Endpoint', endpoint),
      h('button', { type: 'submit' }, 'Filter')),
    h('p', { id: 'requests-count', class: 'hint' }),
    h('table', { id: 'requests-table' },
      h('caption', {}, 'Newest first; new requests appear as they arrive'),
      h('thead', {}, h('tr', {}, ['Time', 'Method', 'Path', 'Status', 'Account', 'Outcome'].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody'))
  )
  await loadRequests()
}

const loadRequests = async () => {
  try {
    const query = { limit: MAX_ROWS, status: requestFilters.status }
    if (requestFilters.account !== '' && scope.kind === '') query.account = requestFilters.account
    const { requests } = await api('/requests', { query })
    requestRows = requests
    renderRequestTable()
  } catch (error) {
    view().append(failure(error))
  }
}

/** A batch was processed: the request that brought it shows its outcomes. */
const batchOutcomesArrived = (batch) => {
  const row = requestRows.find((r) => r.batch_id === batch.id)
  if (row === undefined) return
  row.batch_outcomes = batch.outcomes
  renderRequestTable()
}

const requestArrived = (r) => {
  if (requestFilters.status !== '' && String(r.status) !== requestFilters.status) return
  if (requestFilters.account !== '' && r.account !== requestFilters.account) return
  requestRows = [r, ...requestRows].slice(0, MAX_ROWS)
  renderRequestTable()
}

/** Violations grouped by a key, in order of first appearance. */
const groupBy = (items, keyOf) => {
  const groups = new Map()
  for (const item of items) {
    const key = keyOf(item)
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key).push(item)
  }
  return groups
}

/** Which entry of the body a violation is in, with the entry's customer id when the body says it. */
const entryOf = (path, body) => {
  const match = /^\/customers\/(\d+)/.exec(path)
  if (match === null) return 'the body'
  const id = body?.customers?.[Number(match[1])]?.id
  return typeof id === 'string' || typeof id === 'number' ? `entry ${match[1]} (${id})` : `entry ${match[1]}`
}

const unescapeToken = (token) => token.replace(/~1/g, '/').replace(/~0/g, '~')

/**
 * The body as indented JSON, every value a span named by its JSON Pointer; the values at (or, for a missing
 * member, the object that lacks it) each violation's pointer are marked, with the messages as their title.
 */
const markedJson = (value, marks) => {
  const root = h('pre', { id: 'marked-body', tabindex: 0, 'aria-label': 'The body, violations marked' })
  const write = (node, pointer, indent, parent) => {
    const messages = marks.get(pointer)
    const target = messages === undefined ? parent : h('mark', { title: messages.join('\n'), 'data-pointer': pointer })
    if (target !== parent) parent.append(target)
    if (Array.isArray(node)) {
      target.append('[')
      node.forEach((item, i) => {
        target.append(`\n${'  '.repeat(indent + 1)}`)
        write(item, `${pointer}/${i}`, indent + 1, target)
        if (i < node.length - 1) target.append(',')
      })
      target.append(node.length > 0 ? `\n${'  '.repeat(indent)}]` : ']')
    } else if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node)
      target.append('{')
      keys.forEach((key, i) => {
        target.append(`\n${'  '.repeat(indent + 1)}${JSON.stringify(key)}: `)
        write(node[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, indent + 1, target)
        if (i < keys.length - 1) target.append(',')
      })
      target.append(keys.length > 0 ? `\n${'  '.repeat(indent)}}` : '}')
    } else {
      target.append(JSON.stringify(node))
    }
  }
  write(value, '', 0, root)
  return root
}

/** Each violation's pointer, or the nearest existing ancestor's (a missing member marks its object). */
const marksFor = (body, violations) => {
  const marks = new Map()
  for (const v of violations) {
    let tokens = v.path.split('/').slice(1)
    let node = body
    const found = []
    for (const token of tokens) {
      const key = unescapeToken(token)
      if (node === null || typeof node !== 'object' || !(key in node)) break
      node = node[key]
      found.push(token)
    }
    tokens = found
    const pointer = tokens.length === 0 ? '' : `/${tokens.join('/')}`
    if (!marks.has(pointer)) marks.set(pointer, [])
    marks.get(pointer).push(`${v.path} ${v.message} (${v.rule})`)
  }
  return marks
}

const requestView = async (id) => {
  try {
    const r = await api(`/requests/${segment(id)}`)
    const violations = r.violations ?? []
    const text = r.body_bytes === undefined ? undefined : await api(`/requests/${segment(id)}/body`, { text: true })
    let parsed
    try { parsed = text === undefined ? undefined : JSON.parse(text) } catch {}
    const parts = [
      h('h2', {}, `${r.method} ${r.path}`),
      h('p', {}, h('span', { class: statusClass(r.status) }, r.status ?? 'no answer'), ` ${r.code ?? ''} · ${time(r.received_at)} · account ${r.account ?? '—'}`),
      r.details ? h('p', {}, r.details) : null
    ]
    if (violations.length > 0) {
      const byRule = groupBy(violations, (v) => v.rule)
      parts.push(h('table', { id: 'by-rule' }, h('caption', {}, `${count(violations.length, 'violation')}, by rule`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col' }, 'Count'), h('th', { scope: 'col' }, 'Where'))),
        h('tbody', {}, [...byRule].map(([rule, list]) => h('tr', {}, h('td', {}, rule), h('td', { class: 'num' }, list.length),
          h('td', {}, list.slice(0, 5).map((v) => v.path).join(', ') + (list.length > 5 ? ', …' : '')))))))
      const byEntry = groupBy(violations, (v) => entryOf(v.path, parsed))
      parts.push(h('table', { id: 'by-entry' }, h('caption', {}, 'By customer entry'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Entry'), h('th', { scope: 'col' }, 'Violations'))),
        h('tbody', {}, [...byEntry].map(([entry, list]) => h('tr', {}, h('td', {}, entry),
          h('td', { class: 'long' }, h('ul', {}, list.map((v) => h('li', {}, h('code', {}, v.path), ` ${v.message} `, h('span', { class: 'hint' }, `(${v.rule})`))))))))))
    }
    if (text !== undefined) {
      parts.push(h('h3', {}, `The body (${count(r.body_bytes, 'byte')})`))
      parts.push(parsed === undefined ? h('pre', { tabindex: 0 }, text) : markedJson(parsed, marksFor(parsed, violations)))
    }
    show(...parts.filter(Boolean))
  } catch (error) {
    show(h('h2', {}, 'Request'), failure(error))
  }
}

const batchesView = async () => {
  try {
    const { batches, total } = await api('/batches', { query: { limit: MAX_ROWS } })
    show(h('h2', {}, 'Batches'),
      h('table', { id: 'batches-table' }, h('caption', {}, `${total} held, newest first`),
        h('thead', {}, h('tr', {}, ['Received', 'Kind', 'Status', 'Entries', 'Account', 'Batch'].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, batches.map((b) => h('tr', {}, h('td', {}, time(b.received_at)), h('td', {}, b.kind),
          h('td', { class: b.status === 'queued' ? 'pending' : 'ok' }, withRejected(b.status, b.outcomes)), h('td', { class: 'num' }, b.count), h('td', {}, b.account),
          h('td', { class: 'id' }, h('a', { href: `#/batches/${b.id}` }, b.id)))))))
  } catch (error) {
    show(h('h2', {}, 'Batches'), failure(error))
  }
}

const batchView = async (id) => {
  try {
    const b = await api(`/batches/${segment(id)}`)
    const isCustomers = b.kind === 'customers'
    const columns = isCustomers ? ['Id', 'Name', 'Email', 'Outcome', 'Reason'] : ['Id', b.kind === 'events' ? 'Events' : 'Transactions', 'Outcome', 'Reason']
    show(
      h('h2', {}, `Batch ${b.id}`),
      h('p', {}, `${b.kind} · ${b.status}${b.processed_at ? ` at ${time(b.processed_at)}` : ''} · received ${time(b.received_at)} · account ${b.account} · ${count(b.count, 'entry', 'entries')}`),
      h('table', { id: 'batch-customers' }, h('caption', {}, 'Its entries, and what the queue made of each'),
        h('thead', {}, h('tr', {}, columns.map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, b.customers.map((c, i) => {
          const result = b.results[i] ?? {}
          const id = h('td', { class: 'id' }, h('a', { href: `#/customers/${segment(String(c.id))}` }, String(c.id)))
          const outcome = h('td', { class: outcomeClass(result.outcome) }, result.outcome)
          const reason = h('td', { class: 'long' }, result.reason ?? '')
          return isCustomers
            ? h('tr', {}, id, h('td', {}, String(c.name ?? '')), h('td', {}, String(c.email ?? '')), outcome, reason)
            : h('tr', {}, id, h('td', { class: 'num' }, (c.events ?? c.transactions ?? []).length), outcome, reason)
        }))),
      h('details', {}, h('summary', {}, 'Raw JSON, as sent'), h('pre', { tabindex: 0 }, JSON.stringify({ customers: b.customers }, null, 2)))
    )
  } catch (error) {
    show(h('h2', {}, 'Batch'), failure(error))
  }
}

const rejectionsView = async () => {
  try {
    const { rejections, total } = await api('/rejections', { query: { limit: MAX_ROWS } })
    show(h('h2', {}, 'Rejected entries'),
      h('p', { class: 'hint' }, 'Entries of accepted batches that the queue rejected: each batch was answered 202, and these were not applied.'),
      h('table', { id: 'rejections-table' }, h('caption', {}, `${total} rejected, newest batch first`),
        h('thead', {}, h('tr', {}, ['Received', 'Kind', 'Customer', 'Entry', 'Reason', 'Batch'].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, rejections.map((r) => h('tr', {}, h('td', {}, time(r.received_at)), h('td', {}, r.kind),
          h('td', { class: 'id' }, h('a', { href: `#/customers/${segment(r.customer_id)}` }, r.customer_id)), h('td', { class: 'num' }, r.index),
          h('td', { class: 'bad long' }, r.reason), h('td', { class: 'id' }, h('a', { href: `#/batches/${r.batch_id}` }, short(r.batch_id))))))))
  } catch (error) {
    show(h('h2', {}, 'Rejected entries'), failure(error))
  }
}

const customerSearch = (value = '') => h('form', {
  class: 'fields',
  'aria-label': 'Find a customer',
  onsubmit: (event) => {
    event.preventDefault()
    location.hash = `#/customers/${segment(event.target.elements.namedItem('customer-id').value.trim())}`
  }
}, h('label', {}, 'Customer id', h('input', { id: 'customer-id', name: 'customer-id', value, required: true })), h('button', { type: 'submit' }, 'Show'))

const customersView = async () => {
  try {
    const { customers, total } = await api('/customers', { query: { limit: MAX_ROWS } })
    show(h('h2', {}, 'Customers'), customerSearch(),
      h('table', { id: 'customers-table' }, h('caption', {}, `${total} in the customer view, most recently migrated first`),
        h('thead', {}, h('tr', {}, ['Id', 'Name', 'Email', 'Migrations', 'Account'].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, customers.map((c) => h('tr', {}, h('td', {}, h('a', { href: `#/customers/${segment(c.id)}` }, c.id)),
          h('td', {}, String(c.customer.name ?? '')), h('td', {}, String(c.customer.email ?? '')), h('td', { class: 'num' }, c.migrations), h('td', {}, c.account))))))
  } catch (error) {
    show(h('h2', {}, 'Customers'), failure(error))
  }
}

const customerView = async (id) => {
  const parts = [h('h2', {}, `Customer ${id}`), customerSearch(id)]
  try {
    const [c, versions] = await Promise.all([
      api(`/customers/${segment(id)}`).catch((error) => (error.status === 404 ? undefined : Promise.reject(error))),
      api('/batches', { query: { customer_id: id, kind: 'customers', limit: MAX_ROWS } })
    ])
    if (c === undefined) parts.push(h('p', {}, 'Not in the customer view (never migrated, still queued, rejected, or evicted).'))
    else {
      parts.push(h('p', {}, 'Latest processed version from batch ', h('a', { href: `#/batches/${c.batch_id}` }, c.batch_id), `, migrated ${count(c.migrations, 'time')}; account ${c.account}`))
      parts.push(h('pre', { tabindex: 0, id: 'customer-json' }, JSON.stringify(c.customer, null, 2)))
      for (const kind of ['transactions', 'events']) {
        if (c[kind].length === 0) continue
        parts.push(h('table', {}, h('caption', {}, `Its ${kind}`),
          h('thead', {}, h('tr', {}, ['Batch', 'Received', 'Outcome', 'Reason', 'Count'].map((label) => h('th', { scope: 'col' }, label)))),
          h('tbody', {}, c[kind].map((entry) => h('tr', {}, h('td', {}, h('a', { href: `#/batches/${entry.batch_id}` }, short(entry.batch_id))),
            h('td', {}, time(entry.received_at)), h('td', { class: outcomeClass(entry.outcome) }, entry.outcome), h('td', { class: 'long' }, entry.reason ?? ''),
            h('td', { class: 'num' }, entry[kind].length))))))
      }
    }
    parts.push(h('table', { id: 'versions' }, h('caption', {}, `Versions: the customers batches that carried it (${versions.total})`),
      h('thead', {}, h('tr', {}, ['Received', 'Status', 'Batch'].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, versions.batches.map((b) => h('tr', {}, h('td', {}, time(b.received_at)), h('td', {}, b.status),
        h('td', {}, h('a', { href: `#/batches/${b.id}` }, b.id)))))))
  } catch (error) {
    parts.push(failure(error))
  }
  show(...parts)
}

const faultsView = async () => {
  const select = (id, label, options) => h('label', {}, label, h('select', { id, name: id }, options.map(([value, text]) => h('option', { value }, text))))
  const number = (id, label, value, min, max) => h('label', {}, label, h('input', { id, name: id, type: 'number', value, min, max, required: true }))
  const form = h('form', {
    class: 'fields',
    id: 'fault-form',
    'aria-label': 'Add a fault',
    onsubmit: async (event) => {
      event.preventDefault()
      const fields = event.target.elements
      const fault = {
        status: Number(fields.namedItem('fault-status').value),
        kind: fields.namedItem('fault-kind').value,
        count: Number(fields.namedItem('fault-count').value),
        delay_ms: Number(fields.namedItem('fault-delay').value),
        after_accept: fields.namedItem('fault-after-accept').checked
      }
      const endpoint = fields.namedItem('fault-endpoint').value
      if (endpoint !== '') fault.endpoint = endpoint
      try {
        await api('/faults', { method: 'POST', body: fault })
        await faultsView()
      } catch (error) {
        view().append(failure(error))
      }
    }
  },
  number('fault-status', 'Status', 503, 200, 599),
  select('fault-kind', 'Kind', [['respond', 'respond with the status'], ['reset', 'reset the connection'], ['timeout', 'never answer']]),
  number('fault-count', 'Requests it hits', 1, 1, 1000000),
  number('fault-delay', 'Delay (ms)', 0, 0, 600000),
  select('fault-endpoint', 'Endpoint', [['', 'all three migrate endpoints'], ['customers', 'customers'], ['transactions', 'transactions'], ['events', 'events']]),
  h('label', {}, h('input', { id: 'fault-after-accept', name: 'fault-after-accept', type: 'checkbox' }), 'after accepting the batch'),
  h('button', { type: 'submit' }, 'Add fault'))
  try {
    const { faults } = await api('/faults')
    show(h('h2', {}, 'Faults'),
      h('p', { class: 'hint' }, 'A fault answers the next migrate requests of the account (every account, without one) instead of the mock; after accepting the batch, the batch is queued and the client gets the fault.'),
      form,
      h('table', { id: 'faults-table' }, h('caption', {}, `${faults.length} queued`),
        h('thead', {}, h('tr', {}, ['Kind', 'Status', 'When', 'Remaining', 'Delay (ms)', 'Endpoint', 'Headers', 'Account'].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, faults.map((f) => h('tr', {}, h('td', {}, f.kind), h('td', { class: 'num' }, f.status),
          h('td', {}, f.after_accept ? 'after accepting the batch' : 'instead of checking it'), h('td', { class: 'num' }, f.remaining),
          h('td', { class: 'num' }, f.delay_ms), h('td', {}, f.endpoint ?? 'all'),
          h('td', {}, Object.keys(f.headers ?? {}).length === 0 ? '—' : h('ul', {}, Object.entries(f.headers).map(([name, value]) => h('li', {}, h('code', {}, `${name}: ${value}`))))),
          h('td', {}, f.account ?? 'every account'))))),
      h('button', { type: 'button', id: 'clear-faults', onclick: async () => { await api('/faults', { method: 'DELETE' }); await faultsView() } }, 'Clear faults'))
  } catch (error) {
    show(h('h2', {}, 'Faults'), failure(error))
  }
}

// ---- routing -------------------------------------------------------------------------------------

/** A view of a segment of the address, or, when the segment is not percent-encoded UTF-8, a line saying so. */
const decoded = (render) => (text) => {
  let value
  try {
    value = decodeURIComponent(text)
  } catch {
    show(h('h2', {}, 'Not an address of the dashboard'), failure(new Error('This address is not percent-encoded UTF-8: open a view from the menu.')))
    return
  }
  return render(value)
}

const ROUTES = [
  [/^#\/requests\/(.+)$/, decoded(requestView)],
  [/^#\/batches\/(.+)$/, decoded(batchView)],
  [/^#\/batches$/, batchesView],
  [/^#\/customers\/(.+)$/, decoded(customerView)],
  [/^#\/customers$/, customersView],
  [/^#\/rejections$/, rejectionsView],
  [/^#\/faults$/, faultsView],
  [/^/, requestsView]
]

const current = () => (location.hash === '' || location.hash === '#view' ? '#/requests' : location.hash)

const route = async () => {
  const hash = current()
  for (const link of document.querySelectorAll('nav a')) {
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
  for (const [pattern, render] of ROUTES) {
    const match = pattern.exec(hash)
    if (match !== null) {
      try {
        await render(...match.slice(1))
      } catch (error) {
        show(failure(error)) // whatever a view meets, the page stays usable
      }
      break
    }
  }
  await refreshStats()
  document.body.dataset.view = hash.split('/')[1] ?? 'requests'
  document.body.dataset.ready = String(Number(document.body.dataset.ready ?? 0) + 1)
}

// ---- live: the event stream, read with fetch so the credential goes as a client sends it ----------

let stream

const live = (text) => { document.getElementById('live').textContent = text }

const onEvent = (type, data) => {
  statsSoon()
  const hash = current()
  if (type === 'request' && hash === '#/requests') requestArrived(data)
  else if (type === 'batch' && hash === '#/requests') batchOutcomesArrived(data)
  else if (type === 'batch' && hash === '#/rejections' && data.outcomes?.rejected > 0) rejectionsView()
  else if (hash === '#/batches' && (type === 'batch' || data.batch_id !== undefined)) batchesView()
  else if (type === 'batch' && hash === `#/batches/${data.id}`) batchView(data.id)
  else if (type === 'reset' || type === 'skipped') route() // some events were left out: read the view afresh
}

const connect = async () => {
  stream?.abort()
  const controller = new AbortController()
  stream = controller
  try {
    const response = await fetch(urlOf('/events'), { headers: headersOf(), signal: controller.signal })
    if (!response.ok) throw new Error(`the event stream answered ${response.status}`)
    live('live')
    document.body.dataset.live = 'true'
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        // lines split on \n alone: JSON leaves U+2028 and U+2029 as they are, where a regex's . and $ would stop
        const lines = block.split('\n')
        const type = lines.find((line) => line.startsWith('event: '))?.slice(7)
        const data = lines.find((line) => line.startsWith('data: '))?.slice(6)
        if (type !== undefined && data !== undefined) onEvent(type, JSON.parse(data))
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return
    live(`not live (${error.message}); retrying`)
  }
  if (controller.signal.aborted) return
  document.body.dataset.live = 'false'
  live('not live; retrying')
  setTimeout(() => { if (stream === controller) connect() }, 1000)
}

// ---- the account selector and reset --------------------------------------------------------------

const setUp = () => {
  const kind = document.getElementById('credential-kind')
  const credential = document.getElementById('credential')
  kind.addEventListener('change', () => {
    credential.disabled = kind.value === ''
    credential.type = kind.value === 'account' ? 'text' : 'password'
  })
  document.getElementById('account-form').addEventListener('submit', (event) => {
    event.preventDefault()
    scope.kind = kind.value
    scope.value = kind.value === '' ? '' : credential.value.trim()
    if (scope.kind !== '' && scope.value === '') scope.kind = ''
    connect()
    route()
  })
  const dialog = document.getElementById('confirm-reset')
  document.getElementById('reset').addEventListener('click', () => {
    document.getElementById('confirm-text').textContent = scope.kind === ''
      ? 'This forgets everything the mock holds, for every account: batches, customers, the journal, faults.'
      : "This forgets the selected account's batches, customers, journal and faults."
    dialog.showModal()
  })
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'reset') return
    await api('/reset', { method: 'POST' })
    route()
  })
  window.addEventListener('hashchange', () => { route().then(() => view().focus()) })
  connect()
  route()
}

setUp()
