/** The sandbox provider's price id of a plan: plans have no sandbox price, so the code stands in. */
export const sandboxPriceId = (planCode: string) => `sandbox_${planCode}`
