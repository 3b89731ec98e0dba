import { Ajv2020 } from 'ajv/dist/2020.js'
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
  // Deprecated in Ajv 8 (and logged), but honoured: only set for a zod that needs it.
  ...(zodCountsCodePoints ? {} : { unicode: false }),
})
