import { _, Ajv2020, type KeywordCxt, type Name } from 'ajv/dist/2020.js'
import ucs2length from 'ajv/dist/runtime/ucs2length.js'
import { z } from 'zod'

// zod 4.5 and later count a string's length in code points (an emoji is 1), as Ajv does by
// default; earlier zod 4 counted UTF-16 units (`.length`). Asked once, so that Ajv counts as zod
// does (test/routing.fast-path-zod-floor.test.ts runs zod 4.0).
const zodCountsCodePoints = z.string().max(1).safeParse('\u{1F600}').success

/**
 * The Ajv of the compiled paths (response models, request inputs, websocket messages), tuned
 * to judge as zod does: NaN and Infinity are not numbers, lengths are counted as zod counts
 * them, patterns are compiled without the `u` flag, as zod's flagless RegExp is.
 */
export const exactAjv = new Ajv2020({
  strict: false,
  strictNumbers: true,
  unicodeRegExp: false,
  // Stryker disable next-line BooleanLiteral: equivalent, allErrors changes which errors Ajv lists, never whether it accepts; a refused value is zod's to judge, so stopping at the first error is only faster
  allErrors: false,
})

// Ajv's own count of a string's code points (a CommonJS default export, read either way it loads).
const countCodePoints = (ucs2length as unknown as { default: (text: string) => number }).default ?? ucs2length

/**
 * `minCodePoints` and `maxCodePoints`, the exact schemas' string lengths: Ajv's `minLength` and
 * `maxLength` count every string's code points, a loop over its characters (three quarters of a
 * 50-row response's check). A string has at most as many code points as UTF-16 units and at
 * least half as many, so its `.length` alone decides most strings, and the count runs only
 * for a string between the two.
 */
function addLengthKeyword (keyword: string, fails: (cxt: KeywordCxt, count: Name | null) => ReturnType<typeof _>): void {
  exactAjv.addKeyword({
    keyword,
    type: 'string',
    // As minLength's and maxLength's: a bound that is no such number fails the compilation, and zod judges.
    metaSchema: { type: 'integer', minimum: 0 },
    // Before zod 4.5 a length is in UTF-16 units: `.length` alone, no count.
    code (cxt) {
      cxt.fail(fails(cxt, zodCountsCodePoints ? cxt.gen.scopeValue('func', { ref: countCodePoints }) : null))
    },
  })
}

addLengthKeyword('maxCodePoints', ({ data, schema }, count) => count === null
  ? _`${data}.length > ${schema}`
  : _`${data}.length > ${schema} && ${count}(${data}) > ${schema}`)
addLengthKeyword('minCodePoints', ({ data, schema }, count) => count === null
  ? _`${data}.length < ${schema}`
  : _`(${data}.length < ${schema} || (${data}.length < 2 * ${schema} && ${count}(${data}) < ${schema}))`)

// `noToJSON`: an object with a `toJSON` (its own or inherited), which fast-json-stringify would
// call and zod would not, is refused. As `not: { required: ['toJSON'] }` it made an error object
// for every object that has none.
exactAjv.addKeyword({
  keyword: 'noToJSON',
  type: 'object',
  metaSchema: { const: true },
  code (cxt) {
    cxt.fail(_`${cxt.data}.toJSON !== undefined`)
  },
})
