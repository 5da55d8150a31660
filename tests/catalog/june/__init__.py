"""A June 2026 export built by hand from datasets.md (never from the sample generator): a shared base and one
module per group of standards, each with its rows and the breaches it places on purpose."""
