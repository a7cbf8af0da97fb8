// Every island by the name the server marks its root with (`data-island="LaunchRun"`).
// The server renders through this map too, so a name can only be one of these.
import AttemptDetail from "./AttemptDetail.tsx";
import AttemptList from "./AttemptList.tsx";
import CompareFlips from "./CompareFlips.tsx";
import CostChart from "./CostChart.tsx";
import LatestRun from "./LatestRun.tsx";
import LaunchRun from "./LaunchRun.tsx";
import Leaderboard from "./Leaderboard.tsx";
import RecentRuns from "./RecentRuns.tsx";
import RunSummary from "./RunSummary.tsx";

export const ISLANDS = {
  AttemptDetail,
  AttemptList,
  CompareFlips,
  CostChart,
  LatestRun,
  LaunchRun,
  Leaderboard,
  RecentRuns,
  RunSummary,
};

export type IslandName = keyof typeof ISLANDS;
