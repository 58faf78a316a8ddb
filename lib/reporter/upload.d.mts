export function main(
  argv: string[],
  io?: Partial<{ env: Record<string, string | undefined>; out: (s: string) => void; err: (s: string) => void; cwd: string }>,
): Promise<number>;
export function expandGlob(pattern: string, cwd: string): Promise<string[]>;
