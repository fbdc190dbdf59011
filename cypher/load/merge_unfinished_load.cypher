// Mark a load as running: researchers whose counters it defers point at the mark until it recounts them, so a mark left behind shows a load was interrupted.
// params: id (this load's token)
// returns: nothing
MERGE (:UnfinishedLoad {id: $id})
