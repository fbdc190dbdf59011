// After the loaded data is gone: the co-author links left between kept (followed or claimed) researchers.
// params: none
// returns: nothing
MATCH (:Researcher)-[l:COLLABORATES_WITH]->(:Researcher)
DELETE l
