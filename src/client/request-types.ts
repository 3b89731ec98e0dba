import type { z } from 'zod'
import type { Dependency } from '../depends/dependency.js'
import type { PathParamNames } from '../routing/path.js'
import type { UploadFile } from '../uploads/upload-file.js'

// What a call of the typed client sends, read off a route's inferred options and those of its
// dependencies. Types only:
// nothing here exists at runtime. The shape is openapi-fetch's (`params: { path, query,
// header, cookie }`, `body`), so a call reads the same against the generated client.

type Schema = z.core.$ZodType

// The input (what a client sends) of the schema declared at `TOptions[TKey]`, `never` when none is.
//   InputAt<{ query: ZodObject<{ q: ZodOptional<ZodString> }> }, 'query'> => { q?: string }
//   InputAt<{}, 'query'>                                               => never
type InputAt<TOptions, TKey extends string> =
  TOptions extends { readonly [K in TKey]: infer TSchema extends Schema } ? z.input<TSchema> : never

// The options of the dependencies a route (or a dependency) declares in `deps` and
// `dependencies`, and of theirs, to any depth: FastAPI reads their params into the route's.
// A dependency made without options (or by a plugin) adds none.
//   DependencyOptionsOf<{ deps: { page: Dependency<Page, { query: Q }> } }> => { query: Q }
export type DependencyOptionsOf<TOptions> =
  | (TOptions extends { readonly deps: infer TDeps } ? OptionsOf<TDeps[keyof TDeps]> : never)
  | (TOptions extends { readonly dependencies: ReadonlyArray<infer TDependency> } ? OptionsOf<TDependency> : never)

type OptionsOf<TDependency> =
  TDependency extends Dependency<unknown, infer TOptions> ? unknown extends TOptions ? never : TOptions | DependencyOptionsOf<TOptions> : never

// A union of objects as one object with every member's fields (two dependencies' query params
// are both sent); `never` for none.
//   AllOf<{ q?: string } | { skip?: number }> => { q?: string } & { skip?: number }
type AllOf<TUnion> =
  [TUnion] extends [never] ? never
    : (TUnion extends unknown ? (value: TUnion) => void : never) extends (value: infer TAll) => void ? TAll : never

// What the route and its dependencies declare at `TKey`, together.
//   DeclaredInput<{ query: Q, deps: { page: Dependency<Page, { query: P }> } }, 'query'> => Q input & P input
type DeclaredInput<TOptions, TKey extends string> = AllOf<InputAt<TOptions | DependencyOptionsOf<TOptions>, TKey>>

// A key of the request, required when its value has a required field, left out when the route
// does not read it.
//   Slot<'query', { q?: string }> => { query?: { q?: string } }
//   Slot<'path', { id: number }>  => { path: { id: number } }
//   Slot<'query', never>          => {}
export type Slot<TKey extends string, TValue> =
  [TValue] extends [never] ? unknown
    : {} extends TValue ? { [K in TKey]?: TValue } : { [K in TKey]: TValue }

// Path params: the params schemas' input (the route's and its dependencies'), or (when a
// dependency the types cannot see declares them: one made by a plugin) a string or number for
// each `{name}` of the path.
//   PathInput<'/items/{item_id}', { params: ZodObject<{ item_id: ZodInt }> }> => { item_id: number }
//   PathInput<'/items/{item_id}', {}>                                        => { item_id: string | number }
//   PathInput<'/items/', {}>                                                 => never
type PathInput<TPath extends string, TOptions> =
  DeclaredInput<TOptions, 'params'> extends infer TParams
    ? [TParams] extends [never]
      ? [PathParamNames<TPath>] extends [never] ? never : { [Name in PathParamNames<TPath>]: string | number }
      : TParams
    : never

// The JSON body: the schema's input, or one value per body param (FastAPI's embedded bodies).
type BodyInput<TOptions> =
  TOptions extends { readonly body: infer TBody }
    ? TBody extends Schema ? z.input<TBody>
      : TBody extends { readonly [name: string]: z.ZodType } ? z.input<z.ZodObject<TBody>> : never
    : never

// A form's fields as a client sends them: a file (an UploadFile or bytes on the server) is a Blob.
//   FormInput<{ name: string, file: UploadFile, files?: UploadFile[] }> => { name: string, file: Blob, files?: Blob[] }
type FormValue<TValue> = TValue extends UploadFile | Uint8Array ? Blob : TValue extends ReadonlyArray<infer TItem> ? Array<FormValue<TItem>> : TValue
type FormInput<TForm> = [TForm] extends [never] ? never : { [K in keyof TForm]: FormValue<TForm[K]> }

/** The params of one call, by where they go, as openapi-fetch names them. */
export type ParamsInit<TPath extends string, TOptions> =
  & Slot<'path', PathInput<TPath, TOptions>>
  & Slot<'query', DeclaredInput<TOptions, 'query'>>
  & Slot<'header', DeclaredInput<TOptions, 'headers'>>
  & Slot<'cookie', DeclaredInput<TOptions, 'cookies'>>

/** What every call may add: more headers, an abort signal, fetch's other options. */
export interface CommonInit extends Omit<RequestInit, 'method' | 'body' | 'headers'> {
  /** Headers the route does not declare (an `Authorization` a dependency reads), over the client's. */
  headers?: Record<string, string>
}

// The params, `never` when the route reads none (each absent slot is `unknown`, and so is their intersection).
type PresentParams<TParams> = unknown extends TParams ? never : TParams

/**
 * The second argument of a call: `params` (path, query, header, cookie), the JSON `body` or
 * the `form` the route declares, and fetch's own options.
 */
export type RequestOf<TPath extends string, TOptions> =
  & Slot<'params', PresentParams<ParamsInit<TPath, TOptions>>>
  & Slot<'body', BodyInput<TOptions>>
  & Slot<'form', FormInput<InputAt<TOptions, 'form'>>>
  & CommonInit

// The call's arguments: the request may be left out when nothing in it is required.
//   InitArgs<{ params?: ... }> => [init?: { params?: ... }]
//   InitArgs<{ body: Item }>   => [init: { body: Item }]
export type InitArgs<TInit> = {} extends TInit ? [init?: TInit] : [init: TInit]
