import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "QA Studio", template: "%s · QA Studio" },
  description: "Release milestones, test runs and go/no-go answers in one place.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so Next.js can put proxy.ts's CSP nonce on its scripts; a
  // prerendered page would carry none and its scripts would be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
