import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** EPUBCheck on many EPUBs in one Java process, kept for the whole test session (its start,
 *  loading the schemas, costs seconds each time): each line of standard input is a pair
 *  "file.epub<TAB>report.json"; an empty line ends a batch and is answered by the line "done".
 *  The process ends at the end of its input. */
public class EpubcheckBatch {
    public static void main(String[] args) throws Exception {
        PrintStream reply = System.out;
        System.setOut(System.err);  // whatever the checker prints never mixes with the replies
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isEmpty()) {
                reply.println("done");
                reply.flush();
                continue;
            }
            String[] pair = line.split("\t", 2);
            new EpubChecker().run(new String[] {pair[0], "--json", pair[1], "--quiet"});
        }
    }
}
