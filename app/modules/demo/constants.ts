// The demo municipality: a real municipality (Vadsø, 5607) given a made-up
// but realistic political structure, so that a newcomer sees a living
// platform. Every demo page says that the meetings and cases are invented.
export const DEMO_MUNICIPALITY_NUMBER = "5607";
