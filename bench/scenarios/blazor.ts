// Blazor Server in the same scenarios. Filled in from bench/drivers/blazor-circuit.mjs.
type Record_ = (scenario: string, system: string, row: Record<string, unknown>) => void

export interface BlazorScenarios {
  s1Single(clicks: number, record: Record_, notes: string[]): Promise<void>
  s1Load(connections: number, seconds: number, record: Record_, notes: string[]): Promise<void>
  s0Idle(n: number, record: Record_, notes: string[]): Promise<void>
  s5Form(keys: number, record: Record_, notes: string[]): Promise<void>
  s1Browser(clicks: number, record: Record_, notes: string[]): Promise<void>
}

export const blazorDriver: BlazorScenarios | null = null
