import { describe, expect, it } from 'vitest'
import { ExpiringMap } from '../src/shared/expiring-map.js'

// The bounded, expiring map under the memory stores of Idempotency-Keys and webhook events.
describe('ExpiringMap', () => {
  it('answers a value until its time is up, then forgets it', () => {
    const map = new ExpiringMap<string>(10)
    map.set('a', 'first', 1000, 0)
    expect(map.get('a', 999)).toBe('first')
    expect(map.get('a', 1000)).toBeUndefined()
    expect(map.size).toBe(0)
  })

  it('forgets the key written longest ago past its bound; a write makes a key the newest', () => {
    const map = new ExpiringMap<number>(3)
    map.set('a', 1, 60_000, 0)
    map.set('b', 2, 60_000, 0)
    map.set('c', 3, 60_000, 0)
    map.set('a', 4, 60_000, 0)
    map.set('d', 5, 60_000, 0)
    expect(map.size).toBe(3)
    expect(map.get('b', 1)).toBeUndefined()
    expect([map.get('a', 1), map.get('c', 1), map.get('d', 1)]).toEqual([4, 3, 5])
  })

  it('sweeps expired entries from the front as new ones come, unread', () => {
    const map = new ExpiringMap<number>(100)
    for (let i = 0; i < 4; i++) map.set(`old${i}`, i, 10, 0)
    map.set('new', 9, 10, 50)
    expect(map.size).toBe(1)
  })

  it('deletes a key', () => {
    const map = new ExpiringMap<number>(10)
    map.set('a', 1, 1000, 0)
    map.delete('a')
    expect(map.get('a', 1)).toBeUndefined()
  })
})
