"use client";

import { STATUS_SEGMENTS, type StatusKey } from "@/components/ui/status-colors";
import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const BARS = STATUS_SEGMENTS;

type Counts = Record<StatusKey, number>;

/** Entries by result status, as a small horizontal bar chart. */
export function StatusChart({ counts }: { counts: Counts }) {
  const data = BARS.map((b) => ({ name: b.label, value: counts[b.key], color: b.hex }));
  return (
    <div className="h-56 w-full" role="img" aria-label={data.map((d) => `${d.value} ${d.name.toLowerCase()}`).join(", ")} data-testid="status-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 40, bottom: 4, left: 8 }}>
          <XAxis type="number" hide allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={72} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: "#475569" }} />
          <Tooltip cursor={{ fill: "#f1f5f9" }} />
          <Bar dataKey="value" radius={[0, 4, 4, 0]} isAnimationActive={false} barSize={18}>
            {data.map((d) => (
              <Cell key={d.name} fill={d.color} />
            ))}
            <LabelList dataKey="value" position="right" style={{ fontSize: 12, fill: "#0f172a", fontWeight: 600 }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
