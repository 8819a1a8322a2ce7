import { describe, expect, it } from 'vitest';
import { groupSiblings } from '../../../renderer/src/graph/groupSiblings';
import { node, obj } from '../explore/fixtures';
import type { NeighbourhoodResponse } from '../../../shared/exploreApi';

/** A list (centre) holding 11 LogRecords, each with its own __dict__, and a str. */
function records(): NeighbourhoodResponse {
  const list = node(obj(1, 'list', { fate: 'alive' }), 0);
  const recs = Array.from({ length: 11 }, (_, i) => node(obj(100 + i, 'logging.LogRecord', { fate: 'alive' }), 1));
  const dicts = Array.from({ length: 11 }, (_, i) => node(obj(200 + i, 'dict', { fate: 'alive' }), 2));
  const s = node(obj(300, 'str', { fate: 'alive' }), 1);
  return {
    nodes: [list, ...recs, ...dicts, s],
    edges: [
      ...recs.map((r, i) => ({ edge: i, source: 1, target: r.address, label: `[${i}]`, traversed: true })),
      ...recs.map((r, i) => ({ edge: 20 + i, source: r.address, target: 200 + i, label: '__dict__', traversed: true })),
      { edge: 40, source: 1, target: 300, label: '[11]', traversed: true },
    ],
    truncated: false,
  };
}

describe('groupSiblings', () => {
  it('folds 11 LogRecords of one list into one node that keeps one example', () => {
    const { graph, groups } = groupSiblings(records());
    expect(groups.size).toBe(1);
    const [rep, group] = [...groups][0];
    expect(rep).toBe(100);
    expect(group.members).toHaveLength(11);
    expect(group.type).toBe('logging.LogRecord');
    // The list, one record and its dict, and the str: 4 nodes instead of 24.
    expect(graph.nodes.map((n) => n.address).sort((a, b) => a - b)).toEqual([1, 100, 200, 300]);
    expect(graph.edges.map((e) => e.edge).sort((a, b) => a - b)).toEqual([0, 20, 40]);
  });

  it('shows every member once the group is expanded', () => {
    const first = groupSiblings(records());
    const key = [...first.groups.values()][0].key;
    const { graph, groups } = groupSiblings(records(), new Set([key]));
    expect(groups.size).toBe(0);
    expect(graph.nodes).toHaveLength(24);
  });

  it('leaves a few siblings alone', () => {
    const g = records();
    g.nodes = g.nodes.filter((n) => n.address < 104 || n.address >= 300);
    g.edges = g.edges.filter((e) => e.target < 104 || e.target === 300);
    expect(groupSiblings(g).groups.size).toBe(0);
  });
});
