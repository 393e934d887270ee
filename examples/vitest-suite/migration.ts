// The code under test: your migration client. It takes a base URL and an API key, exchanges the key for a
// token, and sends a batch of customers.
export interface MigrationCustomer { id: string, name: string, email: string, registration_date: string }

export const migrateCustomers = async (baseUrl: string, apiKey: string, customers: MigrationCustomer[]): Promise<string> => {
  const authorized = await fetch(`${baseUrl}/api/storefront/v1/auth/authorize`, { headers: { 'x-api-key': apiKey } })
  const { data: token } = await authorized.json() as { data: string }
  const response = await fetch(`${baseUrl}/api/storefront/v1/customers/migrate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customers })
  })
  if (response.status !== 202) throw new Error(`migrate answered ${response.status}: ${await response.text()}`)
  return (await response.json() as { batch_id: string }).batch_id
}
