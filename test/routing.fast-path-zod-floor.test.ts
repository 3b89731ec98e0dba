import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// The peer range starts at zod 4.0, which counts a string's length in UTF-16 units (an emoji
// is 2); zod 4.5 and later count code points. The library's modules run here on zod 4.0 itself,
// so the compiled response path must ask zod how it counts and have Ajv count the same.
describe('the compiled response path on zod 4.0', () => {
  // A module graph of its own, on zod 4.0, and none left behind: test files may share a process.
  beforeEach(() => {
    vi.resetModules()
    vi.doMock('zod', async () => await import('zod-4-0'))
  })
  afterEach(() => {
    vi.doUnmock('zod')
    vi.resetModules()
  })

  it('counts string lengths as zod 4.0 does, in UTF-16 units', async () => {
    const { z } = await import('zod')
    const { compileModelSerializer } = await import('../src/routing/model-serializer.js')
    const { exactJsonSchemas } = await import('../src/inputs/exact-json-schema.js')
    const { parseToIssues } = await import('../src/errors/zod-parse.js')
    const { ResponseValidationError } = await import('../src/errors/validation-error.js')
    expect(z.string().max(1).safeParse('\u{1F600}').success).toBe(false)

    const model = z.object({ short: z.string().max(1), pair: z.string().length(2) })
    expect(exactJsonSchemas(model)).not.toBeNull()
    const serialize = compileModelSerializer(model, 'GET /test')
    const outcome = (value: unknown): string => {
      try {
        return serialize(value)
      } catch (error) {
        if (error instanceof ResponseValidationError) return 'refused'
        throw error
      }
    }
    for (const [short, pair] of [['\u{1F600}', 'ab'], ['x', '\u{1F600}'], ['x', '\u{1F600}\u{1F600}'], ['\ud800', '\ud800\ud800'], ['é', 'éé']]) {
      const value = { short, pair }
      const parsed = parseToIssues(model, value)
      expect(outcome(value), JSON.stringify(value)).toBe(parsed.success ? JSON.stringify(parsed.data) : 'refused')
    }
    // The emoji is two units to zod 4.0: refused as too long, kept as a pair.
    expect(outcome({ short: '\u{1F600}', pair: 'ab' })).toBe('refused')
    expect(outcome({ short: 'x', pair: '\u{1F600}' })).toBe('{"short":"x","pair":"\u{1F600}"}')
  })
})
