"""Legal rules computed from the packs: screening (checks), deadlines (events, conditions), restitution."""
