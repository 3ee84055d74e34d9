// The board's data, kept in memory by this process (a restart starts from the seed cards), and
// the one topic every view of the board listens on. Each change records an activity entry and
// broadcasts it, so every open tab updates its cards, chart and activity feed (docs/scaling.md).
import { broadcast } from 'livets'
import { z } from 'zod'

export const COLUMNS = ['todo', 'doing', 'done'] as const
export type Column = (typeof COLUMNS)[number]
export const COLUMN_NAMES: Record<Column, string> = { todo: 'To do', doing: 'Doing', done: 'Done' }

export const TAGS = ['bug', 'feature', 'chore'] as const
export type Tag = (typeof TAGS)[number]

/** A new card as its form describes it: what zod checks, and the type the save handler gets. */
export const NewCardSchema = z.object({
  title: z.string().trim().min(3, 'Give the card a title of at least 3 characters').max(80, 'Keep the title under 80 characters'),
  column: z.enum(COLUMNS, 'Pick a column'),
  tag: z.enum(TAGS, 'Pick a tag'),
  notes: z.string().trim().max(500, 'Keep the notes under 500 characters').optional(),
})
export type NewCard = z.infer<typeof NewCardSchema>

export const SettingsSchema = z.object({
  name: z.string().trim().min(1, 'Name the board').max(40, 'Keep the name under 40 characters'),
})

export interface Card { id: number; title: string; column: Column; tag: Tag; notes: string; votes: number }
export interface Activity { id: number; text: string; at: string }
/** What the board topic carries: the activity entry a change made. */
export interface BoardChanged { activity: Activity }

export const BOARD_TOPIC = 'board'
/** Entries the feed shows (and the server keeps for a newly opened page). */
export const FEED_LENGTH = 8

const cards: Card[] = [
  { id: 1, title: 'Sketch the board layout', column: 'done', tag: 'feature', notes: 'Three columns, a chart and a feed.', votes: 2 },
  { id: 2, title: 'Cards keep their place on reload', column: 'doing', tag: 'bug', notes: 'Seen after a deploy.', votes: 5 },
  { id: 3, title: 'Write the README', column: 'todo', tag: 'chore', notes: '', votes: 0 },
  { id: 4, title: 'Filter cards by tag', column: 'todo', tag: 'feature', notes: 'A dropdown that patches the URL.', votes: 1 },
]
let nextCardId = cards.length + 1
const settings = { name: 'Project board' }
const activity: Activity[] = []
let nextActivityId = 1

/** Copies, so a view's state never shares objects with the store (state is checkpointed as JSON). */
export const allCards = (): Card[] => cards.map((card) => ({ ...card }))
export const findCard = (id: number): Card | undefined => { const card = cards.find((c) => c.id === id); return card && { ...card } }
export const boardName = (): string => settings.name
/** The latest entries, newest first. */
export const recentActivity = (): Activity[] => activity.slice(0, FEED_LENGTH)

/** Cards per column, in column order: what the chart draws. */
export function columnCounts(): Record<Column, number> {
  const counts = { todo: 0, doing: 0, done: 0 }
  for (const card of cards) counts[card.column]++
  return counts
}

/** Records what happened and tells every view of the board. */
function changed(text: string): void {
  const entry = { id: nextActivityId++, text, at: new Date().toISOString() }
  activity.unshift(entry)
  activity.length = Math.min(activity.length, FEED_LENGTH)
  broadcast(BOARD_TOPIC, { activity: entry } satisfies BoardChanged)
}

export function addCard(input: NewCard): Card {
  const card = { id: nextCardId++, title: input.title, column: input.column, tag: input.tag, notes: input.notes ?? '', votes: 0 }
  cards.push(card)
  changed(`Added “${card.title}” to ${COLUMN_NAMES[card.column]}`)
  return { ...card }
}

export function moveCard(id: number, column: Column): void {
  const card = cards.find((c) => c.id === id)
  if (!card || card.column === column) return
  card.column = column
  changed(`Moved “${card.title}” to ${COLUMN_NAMES[column]}`)
}

export function voteFor(id: number): void {
  const card = cards.find((c) => c.id === id)
  if (!card) return
  card.votes++
  changed(`Voted for “${card.title}” (${card.votes})`)
}

export function deleteCard(id: number): Card | undefined {
  const index = cards.findIndex((c) => c.id === id)
  if (index < 0) return undefined
  const [card] = cards.splice(index, 1)
  changed(`Deleted “${card.title}”`)
  return card
}

export function renameBoard(name: string): void {
  if (name === settings.name) return
  settings.name = name
  changed(`Renamed the board to “${name}”`)
}

export const isColumn = (value: unknown): value is Column => COLUMNS.includes(value as Column)
export const isTag = (value: unknown): value is Tag => TAGS.includes(value as Tag)
