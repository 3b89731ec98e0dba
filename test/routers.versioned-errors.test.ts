import { describe, expect, it } from 'vitest'
import { APIRouter, versioned, type Versions } from 'fastify-fastapi'

// Mistakes in the versions are refused when versioned() is called, naming the option.
function refused (versions: Versions, option: string, rest: string) {
  expect(() => versioned(versions)).toThrow(expect.objectContaining({
    code: 'FFA_ERR_OPTION_INVALID',
    message: `versioned: option '${option}' ${rest}`,
  }))
}

const items = new APIRouter({ prefix: '/items' })

describe('versioned APIs: registration errors', () => {
  it('refuses a successor that is not one of the versions', () => {
    refused({ v1: { routers: items, deprecated: { since: '2026-06-01', successor: 'v3' } }, v2: items },
      'v1.deprecated.successor', "names the unknown version 'v3'; the versions are v1, v2")
  })

  it('refuses a deprecation without its since date', () => {
    // @ts-expect-error  since is required
    refused({ v1: { routers: items, deprecated: { sunset: '2027-01-01' } } },
      'v1.deprecated.since', 'is required: the date the version was deprecated (RFC 9745)')
  })

  it('refuses since and sunset dates that are not dates', () => {
    refused({ v1: { routers: items, deprecated: { since: 'last june' } } },
      'v1.deprecated.since', `must be a date (a Date or an ISO string like "2027-01-01"); got 'last june'`)
    refused({ v1: { routers: items, deprecated: { since: '2026-06-01', sunset: new Date('soon') } } },
      'v1.deprecated.sunset', 'must be a date (a Date or an ISO string like "2027-01-01"); got Invalid Date')
  })

  it('refuses goneAfterSunset without a sunset', () => {
    refused({ v1: { routers: items, deprecated: { since: '2026-06-01', goneAfterSunset: true } } },
      'v1.deprecated.goneAfterSunset', 'needs a sunset date to be gone after')
  })

  it('refuses no versions at all', () => {
    refused({}, '(versions)', 'must name at least one version, like { v1: routerV1, v2: routerV2 }; got {}')
  })

  it('refuses a version without routers, or with something else than routers', () => {
    refused({ v1: [] }, 'v1.routers', 'must be an APIRouter or an array of them; got []')
    // @ts-expect-error  a version's routers are APIRouters
    refused({ v1: [items, 'users'] }, 'v1.routers', "must be an APIRouter or an array of them; got [ [APIRouter], 'users' ]")
  })

  it('refuses a version name that cannot be a path segment', () => {
    refused({ 'v1/beta': items }, 'v1/beta', 'is not a version name that can be a path segment (letters, digits, ".", "-", "_")')
  })
})
