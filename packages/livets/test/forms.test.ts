// Forms without a browser: field names to the schema's shape, validation on change and submit,
// the used-field rule for showing errors, the template helpers, and input that must be refused.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { z } from 'zod'
import { defineForm, field, formErrors, type FormState } from 'livets'
import { BadPayload } from '../src/bad-payload.ts'
import { fieldSteps, formFields } from '../src/forms/field-names.ts'

const Contact = z.object({
  name: z.string().min(1, 'Name is required'),
  email: z.email('Enter an email address'),
  age: z.coerce.number().int().min(0).optional(),
  newsletter: z.boolean(),
  tags: z.array(z.string()),
  born: z.coerce.date().optional(),
  nickname: z.string().optional(),
  address: z.object({ city: z.string().min(1, 'City is required'), zip: z.string().regex(/^\d{5}$/, 'Five digits') }),
  items: z.array(z.object({ name: z.string(), qty: z.coerce.number() })),
})
const contact = defineForm('contact', Contact)

type Pairs = Array<[string, string]>
const filled: Pairs = [
  ['contact[name]', 'Ann'], ['contact[email]', 'ann@example.com'], ['contact[age]', '42'], ['contact[newsletter]', 'true'],
  ['contact[tags][]', 'a'], ['contact[tags][]', 'b'], ['contact[born]', '2001-02-03'], ['contact[nickname]', ''],
  ['contact[address][city]', 'Oslo'], ['contact[address][zip]', '01234'],
  ['contact[items][1][name]', 'pen'], ['contact[items][1][qty]', '3'], ['contact[items][0][name]', 'ink'], ['contact[items][0][qty]', '1'],
]

describe('field names become the schema’s shape', () => {
  test('nested names, [] lists, index lists in index order, coercion through the schema', () => {
    const submitted = contact.submit(undefined, filled)
    assert.equal(submitted.valid, true)
    if (!submitted.valid) return
    assert.deepEqual(submitted.output, {
      name: 'Ann', email: 'ann@example.com', age: 42, newsletter: true, tags: ['a', 'b'], born: new Date('2001-02-03'),
      address: { city: 'Oslo', zip: '01234' }, items: [{ name: 'ink', qty: 1 }, { name: 'pen', qty: 3 }],
    })
    // The state keeps what was typed, as text, to show it back: plain data that survives JSON.
    assert.equal(submitted.state.values.age, '42')
    assert.deepEqual(JSON.parse(JSON.stringify(submitted.state)), submitted.state)
  })

  test('repeated names without [] and a checkbox group become arrays; one value in an array field is a list of one', () => {
    const Tags = defineForm('t', z.object({ colours: z.array(z.enum(['red', 'green', 'blue'])), size: z.array(z.string()) }))
    const result = Tags.submit(undefined, [['t[colours]', 'red'], ['t[colours]', 'blue'], ['t[size]', 'M']])
    assert.ok(result.valid)
    if (result.valid) assert.deepEqual(result.output, { colours: ['red', 'blue'], size: ['M'] })
  })

  test('nothing checked is an empty list (the hidden "" of a checkbox group is dropped); an unchecked box is false', () => {
    const result = contact.submit(undefined, [...filled.filter(([k]) => !k.startsWith('contact[tags]') && k !== 'contact[newsletter]'), ['contact[tags][]', '']])
    assert.ok(result.valid)
    if (result.valid) assert.deepEqual([result.output.tags, result.output.newsletter], [[], false])
    // A hidden "false" before the checkbox (as input(…, { type: 'checkbox' }) writes it): the last value wins.
    const checked = contact.submit(undefined, [...filled.filter(([k]) => k !== 'contact[newsletter]'), ['contact[newsletter]', 'false'], ['contact[newsletter]', 'true']])
    assert.ok(checked.valid && checked.output.newsletter === true)
  })

  test('empty strings: an optional field left empty is absent, a required string stays "" so its own message shows', () => {
    const emptied = filled.map(([k, v]): [string, string] => (k === 'contact[age]' || k === 'contact[born]' || k === 'contact[name]' ? [k, ''] : [k, v]))
    const result = contact.submit(undefined, emptied)
    assert.equal(result.valid, false)
    assert.deepEqual(result.state.errors, { name: ['Name is required'] })
    const fixed = contact.submit(undefined, emptied.map(([k, v]): [string, string] => (k === 'contact[name]' ? [k, 'Bo'] : [k, v])))
    assert.ok(fixed.valid)
    if (fixed.valid) { assert.equal(fixed.output.age, undefined); assert.equal(fixed.output.born, undefined); assert.equal(fixed.output.nickname, undefined) }
  })

  test('a required field that is not there at all says "Required"; a schema’s own message wins', () => {
    const result = contact.submit(undefined, [['contact[name]', 'Ann']])
    assert.equal(result.valid, false)
    assert.deepEqual(result.state.errors['address.city'], ['Required'])
    assert.deepEqual(result.state.errors.email, ['Enter an email address'])
  })

  test('plain z.number() and z.date() take what a form sends too', () => {
    const Plain = defineForm('p', z.object({ n: z.number().max(10), d: z.date() }))
    const result = Plain.submit(undefined, [['p[n]', '7'], ['p[d]', '2020-01-01']])
    assert.ok(result.valid)
    if (result.valid) assert.deepEqual(result.output, { n: 7, d: new Date('2020-01-01') })
    assert.deepEqual(Plain.submit(undefined, [['p[n]', 'x'], ['p[d]', 'soon']]).state.errors, {
      n: ['Invalid input: expected number, received string'], d: ['Invalid input: expected date, received Date'],
    })
  })

  test('names that reach for a prototype are ignored and pollute nothing', () => {
    const names = ['contact[__proto__][polluted]', '__proto__[polluted]', 'contact[constructor][prototype][polluted]', 'contact[address][__proto__][polluted]', 'contact[prototype][x]']
    const result = contact.submit(undefined, [...filled, ...names.map((name): [string, string] => [name, 'yes'])])
    assert.ok(result.valid)
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false)
    for (const name of names) assert.equal(fieldSteps(name), null, name)
  })

  test('fields of other forms, malformed names and a submit button’s name are left out', () => {
    const { fields } = formFields('contact', [['other[name]', 'x'], ['contact[name', 'x'], ['save', ''], ['contact[name]', 'Ann'], ['contact', 'bare']])
    assert.deepEqual(fields, [[['name'], 'Ann']])
  })

  test('10,000 fields or a 60 KB field name refuse the event with a clear error', () => {
    const many: Pairs = Array.from({ length: 10_000 }, (_, i) => [`contact[f${i}]`, 'x'])
    assert.throws(() => contact.change(undefined, many), (e: unknown) => e instanceof BadPayload && /at most 1000 fields; this one had 10000/.test((e as Error).message))
    assert.throws(() => contact.change(undefined, [[`contact[${'x'.repeat(60_000)}]`, 'x']]), (e: unknown) => e instanceof BadPayload && /at most 1024 characters/.test((e as Error).message))
    const deep = 'contact' + '[a]'.repeat(40)
    assert.throws(() => contact.change(undefined, [[deep, 'x']]), /nest at most 32 levels/)
  })
})

describe('errors show once a field is used or the form submitted', () => {
  const blank = (): FormState => contact.init({ name: '', email: '', address: { city: '', zip: '' } })

  test('a fresh form knows its errors but shows none', () => {
    const form = blank()
    assert.equal(form.valid, false)
    assert.ok(form.errors.name && form.errors.email)
    assert.deepEqual(field(form, 'name').errors, [])
    assert.equal(field(form, 'name').ariaInvalid, null)
  })

  test('typing in one field shows that field’s errors only', () => {
    const form = contact.change(blank(), [['contact[name]', ''], ['contact[email]', 'nope'], ['_target', 'contact[email]']])
    assert.deepEqual(form.used, ['email'])
    assert.deepEqual(field(form, 'email').errors, ['Enter an email address'])
    assert.deepEqual(field(form, 'name').errors, [])
  })

  test('a used field stays used; fixing it clears its errors, the others still wait', () => {
    let form = contact.change(blank(), [['contact[email]', 'nope'], ['_target', 'contact[email]']])
    form = contact.change(form, [['contact[email]', 'a@b.co'], ['contact[name]', ''], ['_target', 'contact[name]']])
    assert.deepEqual(form.used.sort(), ['email', 'name'])
    assert.deepEqual(field(form, 'email').errors, [])
    assert.deepEqual(field(form, 'name').errors, ['Name is required'])
    assert.deepEqual(field(form, 'address.city').errors, [])
  })

  test('nested and list fields are used by their full path', () => {
    const form = contact.change(blank(), [['contact[address][zip]', '12'], ['_target', 'contact[address][zip]']])
    assert.deepEqual(field(form, 'address.zip').errors, ['Five digits'])
    assert.deepEqual(field(form, 'address.city').errors, [])
  })

  test('a submit shows every error, and the form-level ones', () => {
    const Match = defineForm('m', z.object({ a: z.string(), b: z.string() }).refine((v) => v.a === v.b, 'The two must match'))
    const before = Match.change(Match.init(), [['m[a]', 'x'], ['m[b]', 'y'], ['_target', 'm[a]']])
    assert.deepEqual(formErrors(before), [])
    const submitted = Match.submit(before, [['m[a]', 'x'], ['m[b]', 'y']])
    assert.equal(submitted.valid, false)
    assert.deepEqual(formErrors(submitted.state), ['The two must match'])
    const form = contact.submit(blank(), [['contact[name]', '']]).state
    assert.deepEqual(field(form, 'address.city').errors, ['Required'])
    assert.deepEqual(field(form, 'name').errors, ['Name is required'])
  })

  test('a recovery after a reconnect says which fields were used', () => {
    const form = contact.change(undefined, [['contact[email]', 'x'], ['contact[name]', ''], ['_used', 'contact[email]'], ['_used', 'contact[tags][]']])
    assert.deepEqual(form.used, ['email', 'tags'])
    assert.deepEqual(field(form, 'email').errors, ['Enter an email address'])
  })
})

describe('field helpers', () => {
  test('name, id, value and the aria attributes of a field with and without errors', () => {
    const form = contact.change(undefined, [['contact[address][zip]', '1'], ['_target', 'contact[address][zip]'], ['contact[tags][]', 'x'], ['contact[tags][]', 'y']])
    const zip = field(form, 'address.zip')
    assert.deepEqual([zip.name, zip.id, zip.value, zip.errorId, zip.ariaInvalid, zip.describedBy],
      ['contact[address][zip]', 'contact_address_zip', '1', 'contact_address_zip-error', 'true', 'contact_address_zip-error'])
    const tags = field(form, 'tags')
    assert.deepEqual([tags.listName, tags.values], ['contact[tags][]', ['x', 'y']])
    const city = field(form, 'address.city')
    assert.deepEqual([city.ariaInvalid, city.describedBy], [null, null])
  })

  test('a form name must be a word: it prefixes the field names', () => {
    assert.throws(() => defineForm('a[b]', Contact), /must be a word/)
  })
})
