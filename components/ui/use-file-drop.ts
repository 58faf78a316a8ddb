"use client";

import { useEffect, useRef, useState } from "react";

export type PendingFile = { id: number; file: File; preview: string | null };

function hasFiles(e: DragEvent): boolean {
  return [...(e.dataTransfer?.types ?? [])].includes("Files");
}

/**
 * Files waiting to be uploaded with a save: picked, pasted (Ctrl/⌘ V anywhere on the page) or
 * dropped anywhere on the page. Pasted screenshots arrive as "image.png" and get a dated name;
 * images get a preview URL, released when the file leaves the list.
 */
export function useFileDrop(enabled: boolean) {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [dragging, setDragging] = useState(false);
  const nextId = useRef(1);
  const depth = useRef(0);

  function add(list: File[]) {
    const added = list.map((file, i) => {
      const named =
        file.name && file.name !== "image.png"
          ? file
          : new File([file], `screenshot-${new Date().toISOString().replace(/[:.]/g, "-")}${i ? `-${i}` : ""}.png`, { type: file.type || "image/png" });
      return { id: nextId.current++, file: named, preview: named.type.startsWith("image/") ? URL.createObjectURL(named) : null };
    });
    setFiles((f) => [...f, ...added]);
  }

  function remove(id: number) {
    setFiles((list) => {
      const gone = list.find((f) => f.id === id);
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return list.filter((f) => f.id !== id);
    });
  }

  function clear() {
    setFiles((list) => {
      for (const f of list) if (f.preview) URL.revokeObjectURL(f.preview);
      return [];
    });
  }

  const addRef = useRef(add);
  useEffect(() => {
    addRef.current = add;
  });

  useEffect(() => {
    if (!enabled) return;
    function onDragEnter(e: DragEvent) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current += 1;
      setDragging(true);
    }
    function onDragOver(e: DragEvent) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    }
    function onDragLeave(e: DragEvent) {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    }
    function onDrop(e: DragEvent) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      addRef.current([...(e.dataTransfer?.files ?? [])]);
    }
    function onPaste(e: ClipboardEvent) {
      const pasted = [...(e.clipboardData?.files ?? [])];
      if (!pasted.length) return;
      e.preventDefault();
      addRef.current(pasted);
    }
    window.addEventListener("paste", onPaste);
    window.addEventListener("dragenter", onDragEnter);
    window.addEventListener("dragover", onDragOver);
    window.addEventListener("dragleave", onDragLeave);
    window.addEventListener("drop", onDrop);
    return () => {
      window.removeEventListener("paste", onPaste);
      window.removeEventListener("dragenter", onDragEnter);
      window.removeEventListener("dragover", onDragOver);
      window.removeEventListener("dragleave", onDragLeave);
      window.removeEventListener("drop", onDrop);
    };
  }, [enabled]);

  return { files, add, remove, clear, dragging };
}
