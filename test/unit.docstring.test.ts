import { describe, expect, it } from 'vitest'
import { docstringOf } from '../src/docs/docstring.js'

describe('docstringOf', () => {
  it.each([
    ['a function', function read () { 'Read it.'; return 1 }, 'Read it.'],
    ['a function after a use strict directive', function strict () { 'use strict'; 'The docstring.'; return 1 }, 'The docstring.'],
    ['an arrow with a block body', () => { "Double quotes, \"escaped\"."; return 1 }, 'Double quotes, "escaped".'],
    ['an arrow with one bare param', (x => { 'Bare.'; return x }) as (x: never) => unknown, 'Bare.'],
    ['defaults with parens and braces', function odd (a = ')', { b } = { b: '{' }) { 'Still found.'; return [a, b] }, 'Still found.'],
    ['a template over lines', function many () {
      `First line.
        Indented more.
      Back.`
      return 1
    }, 'First line.\n  Indented more.\nBack.'],
  ])('reads the docstring of %s', (_name, handler, expected) => {
    expect(docstringOf(handler)).toBe(expected)
  })

  it.each([
    ['an arrow returning a string', () => 'not a docstring'],
    ['a body that starts with code', function code () { const text = 'no'; return text }],
    ['a template with interpolation', function interpolated () { const x = 1; return `${x}` }],
    ['an empty docstring', function empty () { ''; return 1 }],
    ['a string that is the start of an expression', function split () { return 'a,b'.split(',') }],
    ['a string followed by a method call', function chained () { 'a,b'.split(','); return 1 }],
  ])('finds none in %s', (_name, handler) => {
    expect(docstringOf(handler)).toBeUndefined()
  })
})
