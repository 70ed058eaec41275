export { SeatingChart, type SeatingChartProps } from "@/components/seating-chart/seating-chart";
export type { ChartSeat } from "@/components/seating-chart/chart-model";
export { describeSeat } from "@/components/seating-chart/describe-seat";
