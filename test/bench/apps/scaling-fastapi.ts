// Scaling figures, this library's side: `/depth/{n}` runs a chain of n Depends (each uses the
// previous one's value), `/list/{n}` returns n stored items through a response model.
import Fastify from 'fastify'
import { z } from 'zod'
import { Depends, fastapi, type Dependency } from 'fastify-fastapi'
import { DEPTHS, RESPONSE_SIZES } from '../scaling/shapes.js'
import { storedItems } from './shared-items.js'

const ListedItem = z.object({ id: z.number().int(), name: z.string(), price: z.number(), tags: z.array(z.string()) })

function chainOf (depth: number): Dependency<number> {
  let dependency: Dependency<number> = Depends(function level1 () { return 1 })
  for (let level = 2; level <= depth; level++) {
    dependency = Depends({ deps: { previous: dependency } }, ({ deps }) => deps.previous + 1)
  }
  return dependency
}

export async function build () {
  const app = Fastify()
  await app.register(fastapi)
  for (const depth of DEPTHS) {
    app.api.get(`/depth/${depth}`, { deps: { value: chainOf(depth) } }, ({ deps }) => ({ depth: deps.value }))
  }
  for (const size of RESPONSE_SIZES) {
    const items = storedItems(size)
    app.api.get(`/list/${size}`, { response: z.array(ListedItem) }, () => items)
  }
  return app
}
