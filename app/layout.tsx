import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "QA Studio", template: "%s · QA Studio" },
  description: "Release milestones, test runs and go/no-go answers in one place.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
