/**
 * Binds scaledScroll.ts to a scroll element: keeps the list offset (content pixels) and the scroll
 * bar in step, turns wheel events into content pixels when the bar is scaled (else one notch
 * would jump dozens of rows), and reveals rows for keyboard moves. The element must call
 * `onScroll` and `onWheel`; rows read `range` and `top(index)`.
 */
import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { clampOffset, isScaled, offsetOf, revealOffset, rowTop, scrollModel, scrollTopOf, visibleRows, type ScrollModel } from './scaledScroll';

export function useScaledScroll(el: Ref<HTMLElement | null>, total: Ref<number>, rowHeight: number, maxHeight?: number) {
  const viewport = ref(480);
  const offset = ref(0);
  const scrollTop = ref(0);
  const model = computed<ScrollModel>(() => scrollModel(total.value, rowHeight, viewport.value, maxHeight));
  const range = computed(() => visibleRows(offset.value, model.value));
  /** The scrollTop this code last set: its scroll event must not round the offset to the bar's pixel grid. */
  let expected = -1;

  function measure(): void {
    const h = el.value?.clientHeight ?? 0;
    if (h > 0) viewport.value = h;
  }
  let observer: ResizeObserver | undefined;
  onMounted(() => {
    measure();
    if (typeof ResizeObserver === 'function' && el.value) {
      observer = new ResizeObserver(measure);
      observer.observe(el.value);
    }
  });
  onBeforeUnmount(() => observer?.disconnect());

  function scrollToOffset(next: number): void {
    offset.value = clampOffset(next, model.value);
    const top = scrollTopOf(offset.value, model.value);
    scrollTop.value = top;
    expected = top;
    if (el.value && Math.abs(el.value.scrollTop - top) >= 1) el.value.scrollTop = top;
  }

  function onScroll(): void {
    const top = el.value?.scrollTop ?? 0;
    if (expected >= 0 && Math.abs(top - expected) < 1) return;
    expected = -1;
    scrollTop.value = top;
    offset.value = offsetOf(top, model.value);
  }

  function onWheel(e: WheelEvent): void {
    if (!isScaled(model.value) || e.ctrlKey) return;
    e.preventDefault();
    const unit = e.deltaMode === 1 ? rowHeight : e.deltaMode === 2 ? viewport.value : 1;
    scrollToOffset(offset.value + e.deltaY * unit);
  }

  return {
    model,
    offset,
    range,
    scrollToOffset,
    onScroll,
    onWheel,
    /** Scrolls just enough to show row `index` whole. */
    reveal: (index: number) => scrollToOffset(revealOffset(index, offset.value, model.value)),
    /** Top of row `index` inside the spacer. */
    top: (index: number) => rowTop(index, offset.value, scrollTop.value, model.value),
    /** Rows that fit in the viewport (for Page Up/Down). */
    pageRows: computed(() => Math.max(1, Math.floor(viewport.value / rowHeight) - 1)),
  };
}
