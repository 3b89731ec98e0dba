import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException } from 'fastify-fastapi'
import { dependsWithEarlyCheck } from '../src/depends/dependency.js'
import { compilePlan } from '../src/depends/compile-plan.js'
import { buildApp } from './helpers/app.js'

// The mechanism under "schemes run before the body": any dependency of this package may carry
// an early check, which routes collect into their plan at registration and run in a
// preParsing hook. Shown here with a dependency of its own, not a security scheme.

function tenantDependency (seen: string[]) {
  const check = (request: FastifyRequest): void => {
    seen.push('check')
    if (request.headers['x-tenant'] === undefined) throw new HTTPException(400, 'No tenant')
  }
  return dependsWithEarlyCheck({ name: 'tenant' }, ({ request }) => {
    seen.push('dependency')
    return request?.headers['x-tenant']
  }, check)
}

describe('early checks of dependencies', () => {
  it('are collected into the plan once each, however often their dependency is used; null without any', () => {
    const tenant = tenantDependency([])
    const user = Depends({ deps: { tenant } }, ({ deps }) => deps.tenant)
    const plan = compilePlan({ owner: 'route POST /', dependencies: [tenant], deps: { tenant, user } })
    expect(plan.earlyChecks).toHaveLength(1)
    expect(compilePlan({ owner: 'route POST /', dependencies: [], deps: { user: Depends(() => 1) } }).earlyChecks).toBeNull()
  })

  it('run before the body is parsed, then the dependency runs in its turn', async () => {
    const app = await buildApp()
    const seen: string[] = []
    const tenant = tenantDependency(seen)
    app.api.post('/items/', { deps: { tenant }, body: z.object({ name: z.string() }) }, function create_item ({ deps, body }) {
      seen.push('handler')
      return { tenant: deps.tenant, name: body.name }
    })
    const refused = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/json' }, payload: '{"name": ' })
    expect(refused.statusCode, refused.body).toBe(400)
    expect(refused.json()).toEqual({ detail: 'No tenant' })
    expect(seen).toEqual(['check'])
    seen.length = 0
    const ok = await app.inject({ method: 'POST', url: '/items/', headers: { 'x-tenant': 'acme' }, payload: { name: 'Foo' } })
    expect(ok.json()).toEqual({ tenant: 'acme', name: 'Foo' })
    expect(seen).toEqual(['check', 'dependency', 'handler'])
  })

  it('refuses an early check that is not a function', () => {
    expect(() => dependsWithEarlyCheck({ name: 'broken' }, () => 1, 'no' as never)).toThrow(expect.objectContaining({ code: 'FFA_ERR_DEP_INVALID' }))
  })
})
