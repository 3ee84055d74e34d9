import { Hono } from 'hono'
import { live } from 'livets'
import { Todos } from './todos.ts'

const STYLE = `<style>
body { font: 16px system-ui, sans-serif; background: #f5f5f5; margin: 0; }
.todoapp { max-width: 550px; margin: 40px auto; background: #fff; box-shadow: 0 2px 8px #0002; }
h1 { text-align: center; color: #b83f45; font-weight: 200; font-size: 64px; margin: 0; padding: 16px; }
.new-todo, .edit { box-sizing: border-box; width: 100%; font-size: 22px; padding: 14px 16px 14px 56px; border: 0; border-bottom: 1px solid #eee; }
.todo-list { list-style: none; margin: 0; padding: 0; }
.todo-list li { position: relative; border-bottom: 1px solid #eee; font-size: 22px; }
.todo-list .view { display: flex; align-items: center; gap: 12px; padding: 12px 16px; }
.todo-list label { flex: 1; }
.todo-list li.completed label { color: #999; text-decoration: line-through; }
.destroy { border: 0; background: none; color: #b83f45; font-size: 22px; cursor: pointer; }
.destroy::after { content: '×'; }
.toggle-all { margin: 10px 6px 10px 18px; vertical-align: middle; }
.toggle-all + label { display: inline-block; color: #777; font-size: 14px; }
.footer { display: flex; justify-content: space-between; align-items: center; padding: 8px 16px; color: #777; font-size: 14px; }
.filters { display: flex; gap: 8px; list-style: none; margin: 0; padding: 0; }
.filters a { color: inherit; text-decoration: none; padding: 2px 6px; border: 1px solid transparent; }
.filters a.selected { border-color: #b83f4533; }
.clear-completed { border: 0; background: none; color: inherit; cursor: pointer; }
</style>`

export const app = new Hono()
app.get('/', live(Todos, { title: 'LiveTS • TodoMVC', head: STYLE }))
