import Foundation
import HistoryDatabase
import Kernel

/// Where the REPL and the Jupyter kernel keep their history: `history.sqlite`
/// in the data directory, one database for every session of the user.
enum SessionHistory {
    static func open(environment: [String: String]) -> SQLiteHistory {
        let directory = DataDirectory.url(environment: environment)
        // The plain `history` file of earlier versions becomes the first session of a new database.
        return SQLiteHistory.open(at: directory.appendingPathComponent("history.sqlite"),
                                  importing: directory.appendingPathComponent("history"))
    }
}
