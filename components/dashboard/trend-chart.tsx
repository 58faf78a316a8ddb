"use client";

import { CartesianGrid, LabelList, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type TrendDatum = { name: string; passRate: number | null; executed: number };

/** Pass rate of the last completed milestones, oldest to newest, with the project's threshold. */
export function TrendChart({ data, threshold }: { data: TrendDatum[]; threshold: number }) {
  const label = data.map((d) => `${d.name}: ${d.passRate === null ? "no results" : `${d.passRate.toFixed(1)}%`}`).join("; ");
  const min = Math.min(threshold, ...data.map((d) => d.passRate ?? 100));
  const floor = Math.max(0, Math.floor((min - 5) / 10) * 10);
  return (
    <div className="h-56 w-full" role="img" aria-label={`Pass rate by completed milestone: ${label}`} data-testid="trend-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 20, right: 24, bottom: 4, left: -12 }}>
          <CartesianGrid stroke="#f1f5f9" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} interval={0} />
          <YAxis domain={[floor, 100]} tickFormatter={(v) => `${v}%`} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} width={52} />
          <Tooltip formatter={(v) => (v == null ? "no results" : `${Number(v).toFixed(1)}%`)} />
          <ReferenceLine y={threshold} stroke="#e11d48" strokeDasharray="4 3" label={{ value: `Target ${threshold}%`, position: "insideBottomRight", fontSize: 11, fill: "#e11d48" }} />
          <Line type="monotone" dataKey="passRate" name="Pass rate" stroke="#4f46e5" strokeWidth={2.5} dot={{ r: 4, fill: "#4f46e5" }} isAnimationActive={false} connectNulls>
            <LabelList dataKey="passRate" position="top" formatter={(v: unknown) => (v == null ? "" : `${Number(v).toFixed(1)}%`)} style={{ fontSize: 11, fill: "#0f172a", fontWeight: 600 }} />
          </Line>
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
