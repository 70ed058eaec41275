export { SeatPicker, type SeatPickerProps } from "@/components/hold/seat-picker";
export { useSeatHold, type SeatHold, type UseSeatHoldOptions } from "@/components/hold/use-seat-hold";
