"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BurnUp } from "@/lib/milestones/schemas";

const short = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** The point a day falls on (the first point closing on or after it), so reference lines land on the axis. */
function pointFor(points: BurnUp["points"], day: string | null): string | undefined {
  if (!day) return undefined;
  return points.find((p) => p.date >= day)?.date ?? points.at(-1)?.date;
}

/** Executed against planned entries over time; the due date and today marked. */
export function BurnUpChart({ burnUp }: { burnUp: BurnUp }) {
  const { points } = burnUp;
  const last = [...points].reverse().find((p) => p.planned !== null);
  const due = pointFor(points, burnUp.dueDate);
  const today = pointFor(points, burnUp.today);
  const label = last
    ? `Burn-up: ${last.executed} of ${last.planned} entries executed by ${short(last.date)}${burnUp.dueDate ? `; due ${short(burnUp.dueDate)}` : ""}`
    : "Burn-up: no entries yet";
  return (
    <div className="h-64 w-full" role="img" aria-label={label} data-testid="burn-up-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 16, right: 16, bottom: 0, left: -8 }}>
          <CartesianGrid stroke="#f1f5f9" vertical={false} />
          <XAxis dataKey="date" tickFormatter={short} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} width={48} />
          <Tooltip labelFormatter={(d) => short(String(d))} />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
          <Area type="stepAfter" dataKey="executed" name="Executed" stroke="#10b981" strokeWidth={2} fill="#d1fae5" fillOpacity={0.7} isAnimationActive={false} connectNulls={false} />
          <Line type="stepAfter" dataKey="planned" name="Planned" stroke="#6366f1" strokeWidth={2} strokeDasharray="5 3" dot={false} isAnimationActive={false} connectNulls={false} />
          {today && today !== due && <ReferenceLine x={today} stroke="#94a3b8" strokeDasharray="2 2" label={{ value: "Today", position: "insideTopLeft", fontSize: 11, fill: "#64748b" }} />}
          {due && <ReferenceLine x={due} stroke="#e11d48" strokeWidth={2} label={{ value: "Due", position: "insideTopRight", fontSize: 11, fill: "#e11d48", fontWeight: 600 }} />}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
