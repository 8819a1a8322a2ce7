/**
 * What the Merged paths view shows for each open dump: the objects of a suspect or of a type. The
 * Overview's Suspects panel sets it and navigates; the view loads the merged tree for it.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type PathsTarget = { suspect: number; title: string } | { type: string; title: string };

export const useSuspectsStore = defineStore('suspects', () => {
  const targets = ref<Record<string, PathsTarget>>({});

  function setTarget(session: string, target: PathsTarget): void {
    targets.value[session] = target;
  }

  return { targets, setTarget };
});
