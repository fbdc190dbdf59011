// How many researchers a load has marked for a recount of their counters.
// params: load (the load's token)
// returns: researchers
MATCH (:UnfinishedLoad {id: $load})<-[mark:RECOUNT]-()
RETURN count(mark) AS researchers
