import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { describeValue } from '../shared/options.js'

// The objects a value's fields are read from: a list's items, each option of a union.
//   FieldsOf<{ a: 1 }[] | { b: 2 } | null> => { a: 1 } | { b: 2 }
type FieldsOf<T> = T extends readonly (infer Item)[] ? FieldsOf<Item> : T extends object ? T : never

// The field names of a model, of its items for a list, of every option for a union.
//   FieldName<{ a: 1 } | { b: 2 }> => 'a' | 'b'
type FieldName<T> = FieldsOf<T> extends infer Fields ? Fields extends object ? keyof Fields & string : never : never

// The value of a field, in whichever option has it.
//   FieldValue<{ a: { x: 1 } } | { b: 2 }, 'a'> => { x: 1 }
type FieldValue<T, Name extends string> = FieldsOf<T> extends infer Fields ? Fields extends object ? Name extends keyof Fields ? Fields[Name] : never : never : never

/**
 * Fields of a response model to include or exclude (FastAPI's `response_model_include` and
 * `response_model_exclude`): a list (or set) of field names, or an object whose keys are
 * field names and whose values are `true` (the whole field) or the selection inside it, as
 * pydantic's nested dicts: `{ baz: true, test: ['foo'] }`. Under a list field, the selection
 * applies to every item (pydantic's `'__all__'`).
 */
export type FieldSelection<TModel> =
  | readonly FieldName<TModel>[]
  | ReadonlySet<FieldName<TModel>>
  | ({ readonly [Name in FieldName<TModel>]?: true | FieldSelection<FieldValue<TModel, Name>> } & NotAList)

// An object of optional fields would take any array: a list is checked as a list of names.
interface NotAList { readonly [Symbol.iterator]?: never }

/** A field selection of any model, before it is typed from the route's response model. */
export type AnyFieldSelection = readonly string[] | ReadonlySet<string> | { readonly [name: string]: true | AnyFieldSelection }

/** A selection as a tree: `true` takes the whole field, a tree selects inside it. */
export type SelectionTree = ReadonlyMap<string, true | SelectionTree>

/**
 * Checks a selection and turns it into a tree, once, at registration; names the route and
 * the option on a mistake.
 */
export function selectionTree (route: string, option: string, selection: unknown): SelectionTree {
  if (Array.isArray(selection) || selection instanceof Set) {
    const tree = new Map<string, true>()
    for (const name of selection as Iterable<unknown>) {
      if (typeof name !== 'string') throw invalid(route, option, selection)
      tree.set(name, true)
    }
    return tree
  }
  if (typeof selection !== 'object' || selection === null || Object.getPrototypeOf(selection) !== Object.prototype) {
    throw invalid(route, option, selection)
  }
  const tree = new Map<string, true | SelectionTree>()
  for (const [name, inner] of Object.entries(selection)) {
    tree.set(name, inner === true ? true : selectionTree(route, `${option}.${name}`, inner))
  }
  return tree
}

function invalid (route: string, option: string, value: unknown): Error {
  return new FFA_ERR_OPTION_INVALID(`Route ${route}`, option, `must be a list of field names (['name', 'description']) or an object of field names whose values are true or a nested selection ({ test: ['foo'] }); got ${describeValue(value)}`)
}
