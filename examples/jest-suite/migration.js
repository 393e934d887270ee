// The code under test: your migration client, given a base URL and an API key.
const migrateCustomers = async (baseUrl, apiKey, customers) => {
  const authorized = await fetch(`${baseUrl}/api/storefront/v1/auth/authorize`, { headers: { 'x-api-key': apiKey } })
  const { data: token } = await authorized.json()
  const response = await fetch(`${baseUrl}/api/storefront/v1/customers/migrate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customers })
  })
  if (response.status !== 202) throw new Error(`migrate answered ${response.status}: ${await response.text()}`)
  return (await response.json()).batch_id
}

module.exports = { migrateCustomers }
