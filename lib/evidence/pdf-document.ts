import PDFDocument from "pdfkit";
import { pdfLine, pdfText } from "./pdf-text";

export type Pdf = InstanceType<typeof PDFDocument>;

const MARGIN = 48;
const FOOTER_SIZE = 7;

/** Waits until the reader has room for more bytes; throws once the download is cancelled. */
export type Room = () => Promise<void>;

export class DownloadCancelled extends Error {}

/**
 * A PDF streamed as it is drawn. The document's bytes go into a ReadableStream with a bounded
 * queue; `room()` lets the drawing wait while the reader is behind, so neither the database
 * reads nor the PDF buffer run ahead of the network. Every page gets the footer (generation time
 * and the manifest's SHA-256) when it is added, so nothing has to be kept to draw it later.
 */
export function streamPdf(opts: {
  title: string;
  /** Footer lines of every page; the page number is added to the first. */
  footer: string[];
  draw: (doc: Pdf, room: Room) => Promise<void>;
  onDone: () => Promise<void> | void;
  /** Bytes queued for the reader before the drawing waits (default 256 KB). */
  highWaterMark?: number;
}): ReadableStream<Uint8Array> {
  let wake: (() => void) | null = null;
  let cancelled = false;
  const resume = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const doc = new PDFDocument({ size: "A4", margin: MARGIN, autoFirstPage: false, info: { Title: opts.title, Creator: "QA Studio" } });
        doc.on("data", (chunk: Buffer) => {
          if (!cancelled) controller.enqueue(new Uint8Array(chunk));
        });
        doc.on("end", () => {
          if (!cancelled) controller.close();
        });
        let page = 0;
        doc.on("pageAdded", () => drawFooter(doc, [`${opts.footer[0]} · Page ${++page}`, ...opts.footer.slice(1)]));
        const room: Room = async () => {
          while (!cancelled && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((r) => (wake = r));
          if (cancelled) throw new DownloadCancelled();
        };
        doc.addPage();
        opts
          .draw(doc, room)
          .then(
            () => doc.end(),
            (err) => {
              if (err instanceof DownloadCancelled) return;
              console.error("[evidence.pdf]", err);
              if (!cancelled) controller.error(err);
            },
          )
          .finally(() => Promise.resolve(opts.onDone()).catch((err) => console.error("[evidence.pdf] cleanup", err)));
      },
      pull: resume,
      cancel() {
        cancelled = true;
        resume();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: opts.highWaterMark ?? 256 * 1024 }),
  );
}

function drawFooter(doc: Pdf, lines: string[]) {
  // The page may be added in the middle of a paragraph: keep its font, size, colour and position.
  const state = doc as unknown as { _font: unknown; _fontSize: number };
  const [font, size, x] = [state._font, state._fontSize, doc.x];
  const { margins } = doc.page;
  const bottom = margins.bottom;
  // Below the bottom margin: lift it while drawing, or the text would open a new page.
  margins.bottom = 0;
  doc.save();
  doc.font("Helvetica").fontSize(FOOTER_SIZE).fillColor("#475569");
  lines.forEach((text, i) => doc.text(pdfLine(text, 160), MARGIN, doc.page.height - MARGIN + 10 + i * 10, { lineBreak: false }));
  doc.restore();
  margins.bottom = bottom;
  state._font = font;
  state._fontSize = size;
  doc.x = x;
  doc.y = margins.top;
}

/** Starts a section: a new page when less than `need` points are left. */
export function heading(doc: Pdf, text: string, need = 90) {
  ensure(doc, need);
  doc.moveDown(0.8).font("Helvetica-Bold").fontSize(13).fillColor("#0f172a").text(pdfLine(text), MARGIN);
  doc.moveTo(MARGIN, doc.y + 1).lineTo(doc.page.width - MARGIN, doc.y + 1).lineWidth(0.5).strokeColor("#cbd5e1").stroke();
  doc.moveDown(0.4).font("Helvetica").fontSize(9);
}

export function subheading(doc: Pdf, text: string) {
  ensure(doc, 50);
  doc.moveDown(0.4).font("Helvetica-Bold").fontSize(10).fillColor("#0f172a").text(pdfLine(text), MARGIN).font("Helvetica").fontSize(9);
}

/** A paragraph at the left margin (indent in points); `muted` for secondary text. */
export function line(doc: Pdf, text: string, o: { size?: number; indent?: number; muted?: boolean; bold?: boolean; keepBreaks?: boolean } = {}) {
  doc
    .font(o.bold ? "Helvetica-Bold" : "Helvetica")
    .fontSize(o.size ?? 9)
    .fillColor(o.muted ? "#475569" : "#0f172a")
    .text(o.keepBreaks ? pdfText(text) : pdfLine(text, 2000), MARGIN + (o.indent ?? 0), undefined, { width: doc.page.width - 2 * MARGIN - (o.indent ?? 0) });
}

export function ensure(doc: Pdf, need: number) {
  if (doc.y + need > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

export function gap(doc: Pdf, lines = 0.3) {
  doc.moveDown(lines);
}
