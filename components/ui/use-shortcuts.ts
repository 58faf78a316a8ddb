"use client";

import { useEffect, useRef } from "react";

/** True while the user types into a field, where letter shortcuts must not fire. */
export function isTyping(el: EventTarget | null): boolean {
  const node = el as HTMLElement | null;
  return !!node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
}

export type ShortcutPress = {
  /** The key with letters folded to lower case, so Shift and Caps Lock make no difference. */
  key: string;
  typing: boolean;
  /** Ctrl, ⌘ or Alt is held: a browser or system shortcut, not ours, unless a handler says so. */
  modified: boolean;
  event: KeyboardEvent;
};

/**
 * Binds one keydown handler to the window for the life of the component. The latest handler is
 * always the one called, so it may read current state; returning true consumes the key.
 */
export function useShortcuts(handler: (press: ShortcutPress) => boolean | void, enabled = true) {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    function onKey(event: KeyboardEvent) {
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const press = { key, typing: isTyping(event.target), modified: event.ctrlKey || event.metaKey || event.altKey, event };
      if (ref.current(press)) event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
